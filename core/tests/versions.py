"""Test helpers for versioned API writes: read the ETag as a client would, send it back as If-Match."""


def if_match(api, url):
    """Headers naming the version the API answers for `url` right now."""
    response = api.get(url)
    assert response.status_code == 200, response.content
    return {"HTTP_IF_MATCH": response["ETag"]}
