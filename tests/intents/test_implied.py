from __future__ import annotations

import pytest

from intents import Understander
from intents.implied import CodeImplied, code_words

TEXTS = {
    "flask": [
        "A Flask view can return jsonify(data); app.json.sort_keys = False keeps the order.",
        "Flask-SQLAlchemy's db.create_all() needs an application context.",
        "Flask's docs build a page with render_template('index.html').",
        "Outside a request it raises RuntimeError: Working outside of request context.",
        "A Flask route takes variables, e.g. '/user/<username>'.",
    ],
    "fastapi": [
        "FastAPI mounts Starlette's StaticFiles with app.mount('/static', ...).",
        "FastAPI's source code is on GitHub.",
        "FastAPI runs each Depends() dependency once per request; on_event is deprecated.",
        "An index of the routes is at /docs.",
        "Form parameters need python-multipart installed.",
        'Declare a path parameter as in @app.get("/items/{item_id}").',
    ],
    "django": [
        "Django's render(request, 'index.html') returns an HttpResponse.",
        "Django reads settings.py; os.environ can feed it.",
        "Django 4.0 removed HttpRequest.is_ajax().",
        "Django says 'You cannot use ATOMIC_REQUESTS with async views.' then.",
        "Django's docs say 'The view function for' and more.",
        "Django's path('articles/<int:year>/', views.year_archive) captures the year.",
    ],
}


@pytest.fixture
def implied() -> CodeImplied:
    return CodeImplied(TEXTS, ours=("flask", "fastapi", "django", "FastAPI"), products=["github"])


@pytest.mark.parametrize(
    ("message", "framework"),
    [
        ("return jsonify(response) gives sorted keys", "flask"),
        ("db.create_all() raises RuntimeError", "flask"),
        ("`on_event` is deprecated, what now", "fastapi"),
        ("app.mount('/', ...) and deep links 404", "fastapi"),
        # What an import statement brings in is code, whatever its case.
        ("from starlette.staticfiles import StaticFiles fails", "fastapi"),
        # A name in a class's shape (capitalised words run together) is code too ...
        ("StaticFiles fails", "fastapi"),
        # ... but not other CamelCase, as often a product's name, nor a product the
        # lexicon names in that shape.
        ("Staticfiles fails", None),
        ("sTaticFiles fails", None),
        ("NodeJS fails", None),
        ("our GitHub workflow fails", None),
        # A message a fact quotes, as printed, in a code block or not.
        ("```RuntimeError: Working outside of request context.``` help", "flask"),
        ("error: you cannot use atomic requests with async views", "django"),
        # A package's name only one framework's facts write, as code in backticks.
        ("the `python-multipart` library must be installed", "fastapi"),
        ("python-multipart must be installed", None),
        # ... but not a quote too short to tell from everyday words.
        ("the view function for my page is slow", None),
        # A name written through whatever object holds it is still that name.
        ("if self.request.is_ajax(): AttributeError", "django"),
        # Names two frameworks' facts write, or that one's facts use as a plain word.
        ("my template index.html is not found", None),
        ("index(request) returns nothing", None),
        # Python's own library belongs to no framework.
        ("os.environ or a .env file?", None),
        # Each side one vote: no framework.
        ("jsonify(x) inside a Depends() function", None),
        ("why does my code fail", None),
        # A route's path parameters written as only one framework's facts write them.
        ('@api.put("/orders/{order_id}/lines") returns a 422', "fastapi"),
        ("@bp.route('/orders/<int:order_id>') returns a 404", None),  # Django's shape too
        ("the config is {debug: true} in /etc/app", None),
    ],
)
def test_the_framework_a_message_s_code_implies(
    implied: CodeImplied, message: str, framework: str | None
) -> None:
    assert implied.framework(message) == framework


def test_code_words_are_names_written_as_code() -> None:
    words = code_words("use `StaticFiles` or jsonify(x) with app.json.sort_keys and GitHub")
    assert {"staticfiles", "jsonify", "app.json.sort_keys", "github"} <= words
    assert "use" not in words and "with" not in words
    # In a message only code's own marks count: a product name in CamelCase is no code.
    assert "github" not in code_words("NestJS or GitHub", camel_case=False)
    # The paths a dotted name ends with, when they are code names too.
    assert {"request.is_ajax", "is_ajax"} <= code_words("self.request.is_ajax()")
    assert "ajax" not in code_words("self.request.is_ajax()")
    imported = code_words("from a.b import Proxy, Fix\nI import data from excel", camel_case=False)
    assert {"proxy", "fix"} <= imported
    assert "data" not in imported and "excel" not in imported


def test_understanding_keeps_the_implied_framework_apart_from_the_named(
    understander: Understander,
) -> None:
    reading = understander.understand("return jsonify(response) sorts my keys, how to stop it?")
    assert reading.frameworks == ()
    assert reading.implied_framework == "flask"
    assert understander.understand("flask: jsonify(response) sorts keys").implied_framework is None


def test_code_one_framework_writes_picks_none_when_the_message_asks_which_framework(
    understander: Understander,
) -> None:
    """ "json like `jsonify(data)` gives ... which python framework?": asked which to
    take, code one framework's facts write is part of what is needed, not the one chosen."""
    asking = understander.understand(
        "we want json replies like jsonify(data) gives, with sorted keys. "
        "which python framework is best for that?"
    )
    assert asking.intent in ("best_for", "recommend")
    assert asking.implied_framework is None
    assert understander.understand("jsonify(data) sorts keys, why?").implied_framework == "flask"
