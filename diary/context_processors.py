from .kinds import KINDS


def navigation(request):
    return {"nav_kinds": KINDS}
