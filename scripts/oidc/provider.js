// A real OpenID provider (the certified `oidc-provider` package) on 127.0.0.1, for Styr's end-to-end sign-in
// test only: one client, users read from a JSON file on every request (so a test can change a user's claims
// between two sign-ins), and the package's own development login and consent pages.
//
//   PORT=5555 REDIRECT_URI=http://127.0.0.1:8000/oidc/callback/ POST_LOGOUT_URI=http://127.0.0.1:8000/logga-in/ \
//   USERS_FILE=users.json node provider.js
//
// users.json: {"anna": {"sub": "anna", "preferred_username": "anna", "name": "Anna Andersson",
//              "email": "anna@example.org", "groups": ["styr-hsn-editors"]}}
import fs from 'node:fs';

import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const usersFile = process.env.USERS_FILE;

function users() {
  return JSON.parse(fs.readFileSync(usersFile, 'utf8'));
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID || 'styr',
    client_secret: process.env.CLIENT_SECRET || 'styr-test-secret',
    redirect_uris: [process.env.REDIRECT_URI],
    post_logout_redirect_uris: [process.env.POST_LOGOUT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username', 'groups'],
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  pkce: { required: () => true },
  async findAccount(ctx, id) {
    const claims = users()[id];
    if (!claims) return undefined;
    return {
      accountId: id,
      async claims() {
        return { ...users()[id], sub: id };
      },
    };
  },
});
provider.proxy = false;

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
