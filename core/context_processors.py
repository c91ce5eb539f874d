from . import registry


def menu(request):
    """The main menu the apps registered, for the signed-in (the layout shows none to others)."""
    user = getattr(request, "user", None)
    return {"menu": registry.menu(user) if user is not None and user.is_authenticated else []}
