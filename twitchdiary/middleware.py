"""Project-wide middleware that belongs to no single app."""

PRIVATE = "no-store, private"


class PrivateResponsesMiddleware:
    """Every response to a signed-in person says `Cache-Control: no-store, private`.

    Pages, reports, charts and downloads show health data; on a shared computer the
    browser (or a proxy) must not keep a copy after logging out. Static files never get
    here (WhiteNoise answers them earlier, with long cache lifetimes), and pages for
    visitors who are not signed in show no diary data, so they keep their own headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = PRIVATE
        return response
