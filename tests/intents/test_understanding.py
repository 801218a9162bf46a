"""Understanding, as a chat log: what the person says and how the bot must read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from intents import Context, Understander, Understanding
from intents.chat import ChatReader, ChatWords, load_chat_words
from intents.normalize import normalize
from intents.topics import TopicSpotter
from intents.understand import _tone
from intents.understanding import Reading
from knowledge import KnowledgeBase
from knowledge.names import fact_names

# The documented thresholds (README, "Confidence"), fixed here rather than imported, so a
# changed constant in intents/understand.py fails these tests instead of moving with them.
CLARIFY_BELOW = 0.45
OUT_OF_SCOPE_BELOW = 0.25


def read(understander: Understander, text: str, context: Context | None = None) -> Understanding:
    return understander.understand(text, context)


@pytest.mark.parametrize(
    ("text", "intent", "frameworks", "aspect"),
    [
        ("hi", "greet", (), None),
        ("hey there bot 👋", "greet", (), None),
        ("thanks a lot!", "thanks", (), None),
        ("cheers, that helped", "thanks", (), None),
        ("what can you do?", "help", (), None),
        ("what is fastapi", "describe", ("fastapi",), None),
        ("who created djnago?", "describe", ("django",), None),
        ("advantages of flask", "pros", ("flask",), None),
        ("what are the downsides of FastAPI", "cons", ("fastapi",), None),
        # "faster" of learning is how easy it is; "quick" of a poll is no speed at all
        (
            "django or flask, which do juniors learn faster?",
            "compare",
            ("django", "flask"),
            "learning",
        ),
        (
            "quick poll: best docs for a beginner? django, flask, fastapi",
            "best_for",  # the best of the three for a need (as written24's label has it)
            ("django", "flask", "fastapi"),
            "learning",
        ),
        ("whats actually good about fastapi apart from the docs", "pros", ("fastapi",), "learning"),
        ("what is django good for", "use_cases", ("django",), None),
        ("flask vs fast api", "compare", ("flask", "fastapi"), None),
        ("djanog or flsk for performance?", "compare", ("django", "flask"), "performance"),
        ("which one has the biggest community?", "best_for", (), "community"),
        (
            "compare all three on flexibility",
            "compare",
            ("django", "fastapi", "flask"),
            "flexibility",
        ),
        ("which of the three has the most jobs?", "best_for", (), "jobs"),
        # "the three" in other languages is all of ours too
        (
            "compara los tres en rendimiento",
            "compare",
            ("django", "fastapi", "flask"),
            "performance",
        ),
        # a question on an aspect is no chat, however its characters match a thank-you
        ("3つの中で、大きなAPIにはどれが一番いい？", "best_for", (), "api"),
        ("what is DRF", "describe", ("django",), "api"),
        ("quick q: is flask good for beginners?", "use_cases", ("flask",), "learning"),
        ("what's wrong with django? everyone hates it", "cons", ("django",), None),
        ("what are the use cases of fastapi", "use_cases", ("fastapi",), None),
        ("which one has the best ORM", "best_for", (), "database"),
        ("are flask apps scalable?", "use_cases", ("flask",), "scalability"),
        ("fastapi vs flask memory usage", "compare", ("fastapi", "flask"), "performance"),
        ("Flask has no async, right?", "describe", ("flask",), "async"),
        ("who is tiangolo?", "describe", ("fastapi",), None),
        ("any good reasons to avoid fastapi", "cons", ("fastapi",), None),
        ("what do you think of fastapi", "describe", ("fastapi",), None),
        ("which framework does Instagram use?", "describe", ("django",), None),
        ("my boss says flask isn't secure. is that true?", "describe", ("flask",), "security"),
        ("what's the best database for a social network", "out_of_scope", (), "database"),
        ("which framework should I use for my startup?", "recommend", (), None),
        ("what's the weather like in Paris", "out_of_scope", (), None),
        ("how do I fix my django migrations error", "out_of_scope", ("django",), "database"),
    ],
)
def test_one_message_each(
    understander: Understander,
    text: str,
    intent: str,
    frameworks: tuple[str, ...],
    aspect: str | None,
) -> None:
    u = read(understander, text)
    assert (u.intent, u.frameworks, u.aspect) == (intent, frameworks, aspect), u.debug


@pytest.mark.parametrize(
    ("text", "intent", "frameworks", "aspect"),
    [
        # A framework's own releases are asked about, not how to work with it.
        ("which django release is LTS?", "describe", ("django",), "community"),
        # which release, not what the framework is for
        ("which flask version is lts right now and till when", "describe", ("flask",),
         "community"),
        # Praise turned by "but" is a weakness, about the quality claimed after the turn.
        ("Django's strength is the admin, but it is slow", "cons", ("django",), "performance"),
        ("FastAPI excels at enforcing types with pydantic.", "pros", ("fastapi",), "validation"),
        # Leaving a framework reads as its weaknesses, on what it is left for; leaving it for
        # another framework is a comparison with that one.
        ("we want to move away from flask because of performance", "cons", ("flask",),
         "performance"),
        ("we are moving away from flask to quart", "compare", ("flask",), None),
        # ... and so is a quality asked about beside another framework.
        ("why is quart so slow compared to flask?", "compare", ("flask",), "performance"),
        # What follows the turn decides, from its first word on.
        ("Django is slow, but delightful", "pros", ("django",), "performance"),
        ("Django is clunky, but fast", "pros", ("django",), "performance"),
        # ... and with nothing said after the turn, the "but" alone turns the praise.
        ("Flask is great, but I wonder about next year", "cons", ("flask",), "community"),
        ("Django has real advantages, but my manager keeps asking questions", "cons",
         ("django",), None),
        # "Pros and cons" of one framework: both lists (the pros reading with both sides).
        ("Django framework review - pros and cons", "pros", ("django",), None),
        ("Django review - pros and cons for building APIs", "pros", ("django",), "api"),
        ("the honest tradeoffs of flask please", "pros", ("flask",), None),
        # "too heavy" in other languages is criticism too
        ("Django, c'est pas trop lourd pour un petit projet ?", "cons", ("django",), None),
        # A choice between two things none of our words know, whatever it is about.
        ("kivy or tkinter for speed?", "out_of_scope", (), "performance"),
        # What a part of it is, when the facts know that part: described from them.
        ("What are Flask blueprints?", "describe", ("flask",), "scalability"),
        ("FastAPI is a great project. Unfortunately, it is more a one-person project which "
         "failed for the bus test.", "cons", ("fastapi",), "community"),
        # Bug reports, with or without a framework or a name from the facts.
        ("django error when I migrate", "out_of_scope", ("django",), None),
        ("Authentication fails on user registration, returns None for user", "out_of_scope", (),
         "security"),
        ("Instagram is not working", "out_of_scope", (), None),
        # A name from the facts points to its framework, keeping the aspect asked about.
        ("which framework does Instagram use for its api?", "describe", ("django",), "api"),
        # A framework named as what is being built is chosen: "should i" asks about a part
        # of it, not which framework to use.
        ("starting a new django project, should i do a custom user model right away?",
         "describe", ("django",), "security"),
        ("should i use django for my new project?", "recommend", ("django",), None),
        # The asker's own situation and a choice between two of ours: which to pick, also
        # as a decision with no question mark, or in Hindi's "ya".
        ("just me and a tight deadline, i know flask a bit. stick with it or move to django",
         "recommend", ("flask", "django"), None),
        ("the team knows fastapi well. django or fastapi?", "recommend",
         ("fastapi", "django"), None),
        ("mujhe ek api banana hai, flask ya fastapi?", "recommend", ("flask", "fastapi"),
         "api"),
        # Asking for the pick is asking to choose, whatever situation is given.
        ("help me choose: an internal tool with a few forms. flask or django?", "recommend",
         ("flask", "django"), "fullstack"),
        ("i already know flask pretty well. new side project, stick with flask or go fastapi",
         "recommend", ("flask", "fastapi"), None),
        # A frontend named for a product that needs a backend sets the scene of the pick.
        ("launching a saas soon: logins, billing, an admin and a vue frontend. pick one for "
         "me", "recommend", (), "fullstack"),
        ("that didn't really answer my question", "help", (), None),
        # "stack up" sets them side by side; "make sense" asks where one is used, unless
        # it only acknowledges.
        ("auth wise, how do the three stack up? sessions, csrf, that kind of thing", "compare",
         ("django", "fastapi", "flask"), "security"),
        ("when does flask make sense over the other two", "use_cases", ("flask",), None),
        ("ok that makes sense", "thanks", (), None),
        # Editors are out of scope, even one a fact of ours names (PyCharm, for FastAPI).
        ("vim or pycharm for writing python?", "out_of_scope", (), None),
        # What the bot does, asked in other languages, is help; about a framework, it is not.
        ("что ты умеешь?", "help", (), None),
        ("hola! ¿qué puedes hacer por mí?", "help", (), None),
        # ... and what it may be asked.
        ("selam, hangi soruları sorabilirim?", "help", (), None),
        ("oye, ¿qué tipo de preguntas contestas?", "help", (), None),
        ("was kannst du mir über django sagen?", "describe", ("django",), None),
        # ... where its answers come from, and what it covers, naming all of ours as its scope.
        ("where do your answers come from?", "help", (), None),
        ("do you only cover django, flask and fastapi or other frameworks too?", "help", (), None),
        # ... whatever else it names or sets against each other.
        ("can i ask you about litestar too?", "help", (), None),
        ("how do i use you, just ask in the channel or dm?", "help", (), None),
        # Strong and weak points in other languages are strengths and weaknesses.
        ("quais são os pontos fortes do django?", "pros", ("django",), None),
        ("welche Schwächen hat Flask?", "cons", ("flask",), None),
        ("Djangoの欠点は？", "cons", ("django",), None),
        ("FastAPI的优势是什么", "pros", ("fastapi",), None),
        ("was bringt mir django eigentlich bei einem kleinen projekt?", "pros", ("django",), None),
        # Whether a feature is first-class, or built in, asked in other words and languages.
        ("is async orm support first-class in django yet?", "describe", ("django",), "async"),
        # An add-on built on one of ours (DRF) asks of that framework's side.
        ("drf pain points once the api grows?", "cons", ("django",), "api"),
        # Regrets are the weaknesses asked for, not only a tone.
        ("what do teams regret after picking flask?", "cons", ("flask",), None),
        # Whether an add-on is alive asks about the framework's packages; whether the
        # framework is, about its community.
        ("is django-allauth dead?", "out_of_scope", ("django",), "packages"),
        ("is flask still maintained?", "describe", ("flask",), "community"),
        # A decision to weigh, said of the asker's own, asks what they should pick; asked in
        # general, it compares.
        ("we already run 3 flask services, the new one needs websockets. stay on flask or "
         "try fastapi?", "recommend", ("flask", "fastapi"), "async"),
        ("is it worth switching to fastapi or staying on flask for a new api?", "compare",
         ("fastapi", "flask"), "api"),
        # Turkish sets alternatives apart with its question particles ("django mu fastapi mi").
        ("Startup'ımız için MVP yapıyoruz, Django mu FastAPI mi seçmeliyiz?", "recommend",
         ("django", "fastapi"), None),
        # A learner's own hours and career change are their situation too.
        ("career switcher, can study 10 hours a week. django or flask first?", "recommend",
         ("django", "flask"), "jobs"),
        # A yes-or-no question on one of ours with the other only its object describes it;
        # set against each other they compare.
        ("is django built on top of flask?", "describe", ("django", "flask"), None),
        ("is django quicker than flask?", "compare", ("django", "flask"), "performance"),
        ("is fastapi as mature as django these days?", "compare", ("fastapi", "django"),
         "community"),
        # A question opening on what one of ours can do asks whether it has the feature.
        ("can a flask view stream server-sent events with just a generator?", "describe",
         ("flask",), "async"),
        # ... or does or has ("is django good for ..." weighs it instead).
        ("does flask has an api reference page?", "describe", ("flask",), "api"),
        # ... after a label naming a part of it ("django signals - do they ...").
        ("django signals - do they fire on bulk_update?", "describe", ("django",), "database"),
        # Its good points in Japanese, what it is used for in Vietnamese.
        ("Djangoのいいところは何ですか？", "pros", ("django",), None),
        ("Flask thường được dùng để làm gì?", "use_cases", ("flask",), None),
        ("FastAPI kullanmanın dezavantajı nedir?", "cons", ("fastapi",), None),  # singular
        # Strong and weak sides in Turkish and Hindi; who uses it, in Indonesian.
        ("Flask'ın güçlü yanları neler?", "pros", ("flask",), None),
        ("Flask की सबसे बड़ी दिक्कतें क्या हैं?", "cons", ("flask",), None),
        ("ada perusahaan besar yang pakai django di produksi?", "use_cases", ("django",), None),
        # A superlative opening on a feature of ours, none named, asks which does it best;
        # what to build it in asks for the pick.
        ("cleanest option for auto-generated api docs a frontend can codegen from?",
         "best_for", (), "api"),
        ("two devs, need logins and an admin panel. what should we build this in?",
         "recommend", (), "fullstack"),
        # A tool used with one of ours is no other side; "or its own ..." restates the
        # question, setting nothing against it.
        ("is flask fully type-annotated now? will pyright understand request and g or just see "
         "Any?", "describe", ("flask",), "validation"),
        ("is werkzeug part of flask or its own project?", "describe", ("flask",), None),
        # What a framework can do, asked after its name as a label; the bot's own sources
        # asked about; a plus, a pain and real projects in more words and languages.
        ("fastapi: can a websocket endpoint read the session cookie?", "describe",
         ("fastapi",), "async"),
        ("where do your answers come from, the docs or the changelogs?", "help", (),
         "community"),
        # ... and what the bot is, whatever its words name ("llm": machine learning)
        ("wait are you an llm or a scripted faq bot?", "help", (), "ml"),
        ("why is it seen as a plus that django ships an admin?", "pros", ("django",),
         "fullstack"),
        ("django async views plus the orm, is that just pain?", "cons", ("django",), "async"),
        ("Для каких реальных проектов выбирают FastAPI?", "use_cases", ("fastapi",), None),
        ("flask gotchas once the codebase hits 80k lines of code?", "cons", ("flask",),
         "scalability"),
        ("flask blueprints are great until they aren't, where does it start falling apart?",
         "cons", ("flask",), "scalability"),
        ("what's your scope exactly, or do you only advise on frameworks?", "help", (), None),
        # What one gets from it, what people see in it, its weak spot (Chinese 短板), what
        # ends up built on it; whether the bot covers more.
        ("what do i actually get from flask's blueprints?", "pros", ("flask",), "scalability"),
        ("flask's app factory: what does that concretely buy a small team?", "pros", ("flask",),
         "scalability"),
        ("fastapi for three tiny internal endpoints: what's the price you pay?", "cons",
         ("fastapi",), "api"),
        ("my lead swears by django, what is it they see in it?", "pros", ("django",), None),
        ("Django 的短板在哪？", "cons", ("django",), None),
        ("what ends up built on flask in practice?", "use_cases", ("flask",), None),
        ("do you cover anything else besides django, flask and fastapi?", "help", (), None),
        # A headline opening with a superlative asks for the best of all.
        ("best framework among django/flask/fastapi for a site with an admin and user logins",
         "best_for", ("django", "flask", "fastapi"), "fullstack"),
        # ... and a superlative the lexicon does not list, formed from an adjective in -y.
        ("for a beginner, which is friendliest: django, flask or fastapi?", "best_for",
         ("django", "flask", "fastapi"), "learning"),
        # More words and languages for strengths, weaknesses, use cases and signing off.
        ("fapi for a 200-table rewrite, what's going to hurt?", "cons", ("fastapi",), None),
        ("Apa keunggulan Django admin?", "pros", ("django",), "fullstack"),
        ("ttfn", "thanks", (), None),
        # Which release it is, asked in any language, is about the release, not its merits.
        ("¿cuál es la última versión de django?", "describe", ("django",), "community"),
        ("welche version von django ist aktuell?", "describe", ("django",), "community"),
        # Which framework is best for a need, asked in any language with none named and
        # nothing of the asker's own, asks which wins; with the asker's own, what to pick.
        ("¿qué framework es mejor para una API con mucha carga?", "best_for", (), "api"),
        ("какой фреймворк самый быстрый?", "best_for", (), "performance"),
        ("welches framework ist am besten für eine API unter hoher last?", "best_for", (),
         "api"),
        ("which framework is best for the api i'm building?", "recommend", (), "api"),
        ("best pick for a plain server-rendered blog: posts, comments, rss feed", "best_for", (),
         "fullstack"),  # a superlative opening asks too
        # What a feature buys, its win or its cost, asks for strengths or weaknesses.
        ("django's orm, what's the actual win?", "pros", ("django",), "database"),
        ("wat is het voordeel van django?", "pros", ("django",), None),
        ("going all in on django, what's the cost?", "cons", ("django",), None),
        ("fastapi with sqlmodel, what breaks first?", "cons", ("fastapi",), "database"),
        ("flask at scale, what usually goes wrong?", "cons", ("flask",), "scalability"),
        # Its best feature, or the risk in relying on it, asks for a side too.
        ("the best thing about django in one line?", "pros", ("django",), None),
        ("django ke kya fayde hain?", "pros", ("django",), None),
        ("any risk relying on flask extensions?", "cons", ("flask",), "packages"),
        # A web UI is a web thing to build, not a GUI; a frontend framework (Next.js) sets
        # the scene for the backend asked for.
        ("help me pick: ops person, need a small internal web ui to kick off scripts",
         "recommend", (), None),
        ("frontend is next.js, i'm the backend person. what do i pick", "recommend",
         (), None),
        # Speed, security and the database asked after in other languages; help to be
        # found online is the community's.
        ("что быстрее, fastapi или django?", "compare", ("fastapi", "django"), "performance"),
        ("ist Django in Sachen Sicherheit besser als Flask?", "compare", ("django", "flask"),
         "security"),
        ("will i find more answers online for flask or for django", "compare",
         ("flask", "django"), "community"),
        # The argument for or against one, and what has been built with it.
        ("best argument for flask in 2026?", "pros", ("flask",), None),
        ("Django 有哪些不好的地方？", "cons", ("django",), None),
        ("aplikasi apa saja yang dibangun dengan flask?", "use_cases", ("flask",), None),
        # "or" opening the other half of one yes-or-no question on one framework sets no two
        # things against each other: a question on its facts.
        ("fastapi has proper DI or is it just Depends() sugar", "describe", ("fastapi",),
         "api"),
        # ... and which of the two its facts tell apart is asked of them, not a how-to
        ("fastapi background tasks: a real queue or just run after the response?", "describe",
         ("fastapi",), "async"),
        # Whether one has a thing "like" the other's, asked after a greeting that hails the
        # bot, is a question on the one asked about.
        ("hey @fwbot does fastapi have an admin panel like django or do i build one myself",
         "describe", ("fastapi", "django"), "fullstack"),
        # The pick asked for in Python by a team coming from another stack is among ours;
        # between two others, it is not ours to make.
        ("we're a laravel shop moving to python, need orm + auth + admin. what do u suggest",
         "recommend", (), "fullstack"),
        ("porting our node/express api to python, 4 devs, what would u pick", "recommend",
         (), "api"),
        # ... and so is one by a team naming only where it comes from, "python" unsaid.
        ("we're coming from rails and sinatra, small api for a mobile app, what would you pick?",
         "recommend", (), "api"),
        ("express or koa, what would you pick?", "out_of_scope", (), None),
        # ... and asked for in other languages ("if you were me, which would you pick?")
        ("Django mu Flask mı, sen olsan hangisini seçerdin?", "recommend", ("django", "flask"),
         None),
        ("DjangoとFastAPI、どっちがおすすめ？", "recommend", ("django", "fastapi"), None),
        # One side of the verdict asked in looser words than the synonyms' (lexicon
        # strength_phrases, weakness_phrases), read only of one framework.
        ("what trips up juniors in django?", "cons", ("django",), None),
        ("my team calls flask legacy now. what is it genuinely good at", "pros", ("flask",),
         None),
        # Who uses it, and in which cases it makes sense, ask its use cases.
        ("who actually runs fastapi in prod, any big names?", "use_cases", ("fastapi",),
         "scalability"),
        ("Dans quels cas Flask a vraiment du sens ?", "use_cases", ("flask",), None),
        # A last question on "the three", after one of ours was named, is about all three.
        ("my boss thinks flask has an orm built in. which of the three actually ships one?",
         "best_for", (), "database"),
        # A Python framework we do not cover, asked about alone, is not our question.
        ("is robyn (the rust-backed one) actually usable in prod", "out_of_scope", (), None),
        # Greetings and complaints in more languages.
        ("merhaba!", "greet", (), None),
        ("demasiado largo, resumido por favor", "help", (), None),
        ("can I use the django admin as the frontend for my customers?", "describe",
         ("django",), "fullstack"),
        # ... and asked how to do something in it, however much is needed.
        ("I need help with cookies in flask: how to set a cookie for guests since we need to "
         "track their carts", "describe", ("flask",), "api"),
        # Thanks, however short or long.
        ("ty!", "thanks", (), None),
        ("Hi everyone, and thanks for having me.", "thanks", (), None),
        ("I've been looking for this for a long time. This is a life saver. Thank you for your "
         "hard work", "thanks", (), None),
        ("@tiangolo - that's literally how I found my mistake! Having that starter app really "
         "helps", "thanks", (), None),
        # ... whatever it thanks for (the docs are a learning word) and in other languages.
        ("Thank you for the reply. And the docs.", "thanks", (), None),
        ("problema risolto, grazie!", "thanks", (), None),
        ("you rock", "thanks", (), None),
        ("that worked like a charm", "thanks", (), None),
        ("wellcome everyone", "greet", (), None),
        # New to the channel is a hello; new to a framework is about learning it.
        ("hey all, just joined the workspace, new to this community", "greet", (), None),
        ("new to flask, where should i start?", "recommend", ("flask",), "learning"),
        # Asked which of ours, whatever else it names: the editors are people, the tools
        # set against each other the scene. (Staff roles are permissions: security.)
        ("which of the three handles staff roles best, say an editor and a reviewer?",
         "best_for", (), "security"),
        ("we keep our deploy scripts in ansible or terraform; which of these frameworks fits "
         "a small intranet site?", "recommend", (), "scalability"),
        # "main", "actual" say how much of the framework is asked about, not a part of it.
        ("what are fastapi's main strong points", "pros", ("fastapi",), None),
        # Which wins, for the asker's own team, is what they should pick; for a team in
        # general ("a team of 40 devs") it stays which wins.
        ("we're a team of four ex-laravel devs who love conventions; which python framework "
         "will feel most familiar to us?", "recommend", (), None),
        ("best framework for a team of 40 devs on one codebase", "best_for", (), None),
        # A framework running with a part of its stack is the one in use: what it can do is
        # asked, not which to pick.
        ("django on daphne: i want a view that pushes llm tokens to the browser as they "
         "arrive. can StreamingHttpResponse take an async iterator?", "describe", ("django",),
         "async"),
        ("tried flask once and fastapi a bit; a booking site for my aunt's b&b, what should "
         "i build it on", "recommend", ("flask", "fastapi"), "fullstack"),
        # "least" is a superlative too: which of all three wins for the need
        ("django, flask or fastapi: which is least painful to deploy on a tiny vps?",
         "best_for", ("django", "flask", "fastapi"), "scalability"),
        ("django caching of api responses: something native or redis packages?", "describe",
         ("django",), "api"),
        # An add-on built on the framework asked about in feature words: whether it has it.
        ("drf has api versioning built in or do people bolt something on", "describe",
         ("django",), "api"),
        # What it is good or used for, whatever else the words look like: its use cases.
        ("what's fastapi useful for besides ml models, like really", "use_cases", ("fastapi",),
         "ml"),
        # The passive with "get" is the one with "be".
        ("does django get used at banks?", "use_cases", ("django",), None),
        ("pitch me flask in two lines for a skeptical team lead", "pros", ("flask",), None),
        ("what's nice about fastapi's dependency injection, or is it just magic", "pros",
         ("fastapi",), "api"),
        ("where does fastapi start to hurt once the team grows past ten?", "cons", ("fastapi",),
         "scalability"),
        # One side of the verdict named in so many words; asked yes or no, it is whether.
        ("we moved our api to fastapi last month; what other gotchas should we watch for?",
         "cons", ("fastapi",), "api"),
        ("does fastapi support websockets or is that half baked", "describe", ("fastapi",),
         "async"),
        # ... whatever tools it names, when it asks nothing
        ("finally deployed the pandas thing on heroku after a day of errors. thanks bob!",
         "thanks", (), None),
    ],
)  # fmt: skip
def test_each_rule_reads_the_message_it_is_for(
    understander: Understander,
    text: str,
    intent: str,
    frameworks: tuple[str, ...],
    aspect: str | None,
) -> None:
    u = read(understander, text)
    assert (u.intent, u.frameworks, u.aspect) == (intent, frameworks, aspect), u.debug
    assert u.confidence >= CLARIFY_BELOW and not u.unsure  # sure enough to answer


@pytest.mark.parametrize("text", ["🙂🙂🙂", "<@U0BOT>", ""])
def test_a_message_with_no_words_gets_help_without_a_question(
    understander: Understander, text: str
) -> None:
    u = read(understander, text)
    assert (u.intent, u.unsure, u.confidence, u.alternatives) == ("help", False, 0.0, ())


def test_a_sure_reading_keeps_the_next_two_other_readings(understander: Understander) -> None:
    u = read(understander, "pros and cons of fastapi")
    assert (u.intent, u.unsure) == ("cons", False)
    assert len(u.alternatives) == 2
    assert u.alternatives[0].intent == "pros"  # the other half of the question
    assert all(a.intent != u.intent for a in u.alternatives)


def test_what_the_message_names_is_not_from_context(understander: Understander) -> None:
    u = read(understander, "django vs flask on speed")
    assert (u.frameworks, u.aspect, u.from_context) == (("django", "flask"), "performance", False)


def test_a_word_naming_a_topic_only_as_often_as_not_names_none_alone(
    understander: Understander,
) -> None:
    """ "mount" names deployment (mounting an app) as often as a mountain: with nothing else
    about frameworks or the web, no topic; beside an app it still counts."""
    assert read(understander, "how high is mount kilimanjaro").topics == ()
    assert "deployment" in read(understander, "mount the api app under a prefix").topics
    assert read(understander, "any good pizza places nearby").topics == ()
    assert "gis" in read(understander, "list the stores nearby in my django app").topics


def test_a_django_queryset_call_names_the_orm(understander: Understander) -> None:
    """ "Model.objects.filter(...)" is the ORM at work, whatever else the message names."""
    reading = read(
        understander, "Post.objects.filter(tags__slug__in=slugs) returns each post twice, why?"
    )
    assert "orm" in reading.topics


def test_a_topic_named_outweighs_a_weak_aspect_word(understander: Understander) -> None:
    """ "built in" names full-stack features as often as anything built in: the rate limiting
    asked about says the aspect (security)."""
    reading = read(understander, "does flask have something built in for throttling requests?")
    assert reading.aspect == "security"


def test_weak_words_said_twice_do_not_outweigh_a_topic_named_once(
    understander: Understander,
) -> None:
    """ "in prod" and "going live" set the scene as often as they ask about deployment."""
    reading = read(understander, "going live soon: can the fastapi redoc page stay on in prod?")
    assert reading.topics[0] == "openapi"


def test_an_aspect_named_only_inside_a_topic_is_marked_so(understander: Understander) -> None:
    inside = read(understander, "does flask support async views?")
    assert (inside.aspect, inside.topics, inside.aspect_within_topic) == (
        "async",
        ("async-views",),
        True,
    )
    admin = read(understander, "does django have an admin?")  # the topic is the aspect's word
    assert (admin.aspect, admin.topics, admin.aspect_within_topic) == (
        "fullstack",
        ("admin",),
        True,
    )
    assert not read(understander, "django vs flask on speed").aspect_within_topic
    before = read(understander, "how secure is the django admin")  # named before the topic
    assert (before.aspect, before.topics, before.aspect_within_topic) == (
        "security",
        ("admin",),
        False,
    )
    drf = read(understander, "what is DRF")  # the alias names the aspect; no topic
    assert (drf.aspect, drf.topics, drf.aspect_within_topic) == ("api", (), False)


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("compare django and flask", True),  # only frameworks and words that compare
        ("django vs flask", True),
        ("django vs flask for a saas", False),
        ("django vs flask on speed", False),
    ],
)
def test_a_bare_comparison_names_nothing_but_the_frameworks(
    understander: Understander, text: str, bare: bool
) -> None:
    assert read(understander, text).bare is bare


def test_only_one_word_names_from_the_facts_point_to_a_framework(
    understander: Understander,
) -> None:
    """'cpu' is only part of the facts' 'CPU-bound' (Flask); alone it names nothing."""
    u = read(understander, "which framework is best for cpu heavy work?")
    assert (u.intent, u.frameworks) == ("best_for", ())


def test_a_framework_named_wins_over_the_one_a_name_from_the_facts_points_to(
    understander: Understander,
) -> None:
    assert read(understander, "does pallets maintain django?").frameworks == ("django",)
    assert read(understander, "who maintains pallets?").frameworks == ("flask",)


def test_pythons_own_names_point_to_no_framework(
    kb: KnowledgeBase, understander: Understander
) -> None:
    """Only Flask's facts mention DeprecationWarning as a name (a changelog entry), yet a
    warning Python raises in any framework names none: "on_event is deprecated" is FastAPI's."""
    mentioning = {named.framework_id for named in fact_names(kb)["deprecationwarning"]}
    assert mentioning == {"flask"}  # else the message below tests nothing
    assert read(understander, "DeprecationWarning").frameworks == ()
    assert read(understander, "who maintains pallets?").frameworks == ("flask",)


def test_a_word_one_fact_capitalises_in_passing_points_to_no_framework(
    kb: KnowledgeBase, understander: Understander
) -> None:
    """One Django fact writes "Privacy Policy pages", and a fact of Django's example code
    has a Restaurant class: everyday words, not names. A creator named once is a name."""
    names = fact_names(kb)
    assert len(names["privacy"]) == 1 and len(names["ronacher"]) == 1  # else nothing tested
    assert read(understander, "tell me about privacy").frameworks == ()
    assert read(understander, "know a good restaurant near the office?").frameworks == ()
    assert read(understander, "who is armin ronacher?").frameworks == ("flask",)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("django?", True),  # a question mark
        ("how to deploy flask", True),  # a question's first word
        ("django orm vs sqlalchemy", True),  # "vs" asks for a comparison
        ("compare django and flask", False),  # a request, not a question
        ("flask is great", False),
        ("tell me about flask", False),
    ],
)
def test_a_message_asks_with_a_question_mark_a_question_word_or_vs(
    understander: Understander, text: str, asks: bool
) -> None:
    assert read(understander, text).asks is asks


def test_slack_markup_does_not_change_the_reading(understander: Understander) -> None:
    plain = read(understander, "django vs flask on speed")
    marked = read(understander, "<@U0BOT> <!here> *django* vs `flask` on speed :thinking_face:")
    assert (marked.intent, marked.frameworks, marked.aspect) == (
        plain.intent,
        plain.frameworks,
        plain.aspect,
    )


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # The tools a person knows set the scene of a pick for a web thing: ours are the pick.
        (
            "i know pandas and sklearn, never built a backend, "
            "need an api for my model. what do i use",
            "recommend",
        ),
        # Set against each other, the tools are the options; with no web thing, not our choice.
        ("pandas or polars for my api's data crunching, which should i use?", "out_of_scope"),
        ("we use sklearn, what should i use for model tracking?", "out_of_scope"),
        # ... and so do the tools a best-for question serves, once it is about a web thing
        ("which of them is best for serving sklearn models?", "best_for"),
    ],
)
def test_tools_a_person_knows_do_not_make_a_pick_out_of_scope(
    understander: Understander, text: str, intent: str
) -> None:
    assert read(understander, text).intent == intent


def test_another_framework_is_out_of_scope_but_named(understander: Understander) -> None:
    u = read(understander, "express or rails?")
    assert u.intent == "out_of_scope"
    assert u.other_frameworks == ("Express", "Ruby on Rails")


@pytest.mark.parametrize(
    "text",
    [
        "Flask-SQLAlchemy vs plain SQLAlchemy in Flask",
        "django ninja or django rest framework?",
        "wagtail vs django cms pages",
        "which frontend framework should I learn?",
        "best python templating engine?",
        "what ide should i use for django",
        "What is Flask-Login?",
        "What are Flask signalflares?",  # a part the knowledge base knows nothing about
        "what are django quokkasets",  # a part the knowledge base knows nothing about
        "What's the difference between WSGI and ASGI?",
        "is django-allauth still maintained?",
        "how do I add a custom user model in flask",
        "which framework for a custom UI for our back office?",
        "which framework for a mobile game",
        "best css framework for my blog",
    ],
)
def test_a_choice_inside_one_framework_or_outside_the_backend_is_out_of_scope(
    understander: Understander, text: str
) -> None:
    assert read(understander, text).intent == "out_of_scope"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("should I use django or not django?", "recommend"),
        ("Django Ninja vs FastAPI", "compare"),
        ("django vs everything else for a saas", "compare"),
        ("best framework for a mobile app backend", "best_for"),
        # A domain word denied is not what is built ("zero custom UI").
        (
            "back office where staff edit records, basically zero custom UI. "
            "which framework is the obvious pick?",
            "best_for",
        ),
        ("internal tool, no mobile app, just forms for staff: which framework?", "best_for"),
        ("which framework has the best template engine", "best_for"),
        ("what is django-rest-framework", "describe"),
        ("what is fastapi exactly", "describe"),
        ("what is flask 2.0", "describe"),
        ("Flask-Login or Django's auth?", "compare"),
        ("I use Flask with Flask-SQLAlchemy; is flask good for big projects?", "use_cases"),
        ("how do I know if flask is right for me", "use_cases"),
        # the two sides of one verdict, not two options inside the framework
        ("fastapi pros vs cons for a team that's never touched async", "pros"),
        # one's own project, "or" in another language: which of the two to pick
        ("flask oder django für unser projekt? nur ich programmiere", "recommend"),
        ("我想做一个商店网站，用 Flask 还是 Django？", "recommend"),  # "or" of two characters
        # One's own team or project, said in another language.
        ("minha equipe é nova no python: django ou flask pra um painel?", "recommend"),
        ("notre équipe hésite: django ou flask pour un back-office ?", "recommend"),
        ("tim kami kecil, django atau flask buat dashboard internal?", "recommend"),
        ("an intranet with logins and reports, leaning django. django or fastapi?", "recommend"),
        # a team's size or who the asker is: their own situation
        ("reporting + admin panel, 4 python devs. django, flask or fastapi?", "recommend"),
        ("i'm a frontend dev wanting to learn backend. django or flask?", "recommend"),
        # a clause opening with "x or y" asks, question mark or not
        ("an intranet with logins, one dev (me). django or flask, quick answer pls", "recommend"),
        ("django or flask for an intranet with logins", "compare"),  # no situation of one's own
        # "the three" are ours, whatever else the words look like
        ("out of the three, where am i least likely to mess up auth and csrf", "best_for"),
        # the app's own domain (books) is no framework of another domain
        ("a school library: staff add books and track loans. which framework?", "best_for"),
        # "difference" in other languages sets ours against another framework
        ("Unterschied zwischen Django und Laravel", "compare"),
        ("Django 和 Laravel 的区别", "compare"),
        # ours in Persian script, "or" in Persian
        ("جنگو یا فلسک؟ برای یک فروشگاه", "compare"),
        ("разница между django и rails", "compare"),
    ],
)
def test_real_choices_between_frameworks_stay_in_scope(
    understander: Understander, text: str, intent: str
) -> None:
    assert read(understander, text).intent == intent


def test_follow_ups_resolve_against_the_previous_turn(understander: Understander) -> None:
    compared = Context(intent="compare", frameworks=("django", "flask"))
    u = read(understander, "what about performance?", compared)
    assert (u.intent, u.frameworks, u.aspect) == ("compare", ("django", "flask"), "performance")
    assert u.from_context

    u = read(understander, "and fastapi?", compared)
    assert u.intent == "compare"
    assert u.frameworks == ("django", "flask", "fastapi")

    described = Context(intent="describe", frameworks=("flask",))
    u = read(understander, "its downsides?", described)
    assert (u.intent, u.frameworks) == ("cons", ("flask",))

    u = read(understander, "which one is easier?", compared)
    assert u.frameworks == ("django", "flask")
    assert u.aspect == "learning"

    u = read(understander, "so what's the difference?", compared)
    assert (u.intent, u.frameworks) == ("compare", ("django", "flask"))


@pytest.mark.parametrize("text", ["why?", "how come?", "why is that", "but why that one?"])
def test_why_after_a_verdict_asks_for_the_strengths_of_the_one_it_favoured(
    understander: Understander, text: str
) -> None:
    ranked = Context(
        intent="compare", frameworks=("django", "flask"), aspect="performance", favoured="flask"
    )
    u = read(understander, text, ranked)
    assert (u.intent, u.frameworks, u.aspect) == ("pros", ("flask",), "performance")
    assert u.from_context


def test_why_is_a_follow_up_only_after_a_verdict_and_only_alone(
    understander: Understander,
) -> None:
    ranked = Context(
        intent="compare", frameworks=("django", "flask"), aspect="performance", favoured="flask"
    )
    # A question of its own is not a request for the last verdict's reasons.
    own = read(understander, "why is django so popular?", ranked)
    assert own.frameworks == ("django",) and own.aspect != "performance"
    # Nothing was favoured: "why?" has no reasons to ask for.
    described = Context(intent="describe", frameworks=("django",))
    assert read(understander, "why?", described).intent != "pros"


def test_a_new_topic_drops_the_old_context(understander: Understander) -> None:
    compared = Context(intent="compare", frameworks=("django", "flask"), aspect="performance")
    u = read(understander, "tell me about fastapi", compared)
    assert (u.intent, u.frameworks, u.aspect) == ("describe", ("fastapi",), None)
    assert not u.from_context


def test_low_confidence_asks_and_very_low_is_out_of_scope(understander: Understander) -> None:
    for text in ("flask", "django performance", "fastapi jobs"):
        u = read(understander, text)
        assert u.confidence >= OUT_OF_SCOPE_BELOW
    gibberish = read(understander, "qwxz plorb vemt")
    assert gibberish.intent == "out_of_scope"
    assert gibberish.confidence < CLARIFY_BELOW
    assert 0.0 <= gibberish.confidence <= 1.0


def test_a_pronoun_follow_up_with_a_new_question_drops_the_old_aspect(
    understander: Understander,
) -> None:
    context = Context(intent="compare", frameworks=("django", "flask"), aspect="performance")
    u = read(understander, "its downsides?", context)
    assert (u.intent, u.frameworks, u.aspect) == ("cons", ("django", "flask"), None)
    u = read(understander, "which one is easier?", context)
    assert u.aspect == "learning"


@pytest.mark.parametrize("text", ["compare", "opinions please", "which"])
def test_between_the_thresholds_the_bot_asks_with_actionable_choices(
    understander: Understander, text: str
) -> None:
    u = read(understander, text)
    assert OUT_OF_SCOPE_BELOW <= u.confidence < CLARIFY_BELOW
    assert u.unsure
    assert 1 <= len(u.alternatives) <= 3
    assert all(a.intent not in {"out_of_scope", "greet", "thanks"} for a in u.alternatives)
    assert len({a.intent for a in u.alternatives}) == len(u.alternatives)


@pytest.mark.parametrize(
    ("text", "intent"),
    [("no opinion on my side", "out_of_scope"), ("glad to be here", "greet")],
)
def test_a_weak_reading_with_nothing_of_ours_in_it_is_not_asked_back(
    understander: Understander, text: str, intent: str
) -> None:
    """Nothing named (framework, aspect, topic) and no question form: no reading of ours is
    worth offering ("did you mean: which is best for..."); talk stays talk."""
    u = read(understander, text)
    assert (u.intent, u.unsure) == (intent, False)


def test_a_limit_exceeded_is_an_error_reported(understander: Understander) -> None:
    """ "Part exceeded maximum size of 1024KB": a failure quoted, on the limits it hit."""
    u = understander.understand("django upload fails: file exceeded maximum size")
    assert u.intent == "out_of_scope" and u.reports_error
    assert "request-size" in u.topics


@pytest.mark.parametrize(
    "report",
    [
        "j'ai une erreur quand je lance mon app flask, une idée ?",
        "FastAPI 部署后一直报错，怎么办",
        "meu flask tá dando erro quando rodo o script",
        "fastapi `Depends` isn't getting called when i put it in `APIRouter(dependencies=[...])`",
        "django channels consumer disconnects after exactly 60s behind our nginx. ideas?",
    ],
)
def test_a_failure_in_other_words_or_languages_is_a_bug_report(
    understander: Understander, report: str
) -> None:
    """An error named in another language ("erreur", "错误") or by its symptom ("isn't
    getting called", "disconnects") reports a failure to debug."""
    u = understander.understand(report)
    assert u.intent == "out_of_scope" and u.reports_error


def test_a_failure_asked_about_with_error_handling_is_still_a_bug_report(
    understander: Understander,
) -> None:
    """On error handling, the errors named are what to handle ("turn a ValueError into a
    422"); a thing said to fail ("not running ..., bug?") is a failure to debug."""
    report = understander.understand(
        "flask teardown handler not running when i raise an HTTPException in a view, bug?"
    )
    assert report.intent == "out_of_scope" and report.reports_error
    handling = understander.understand("how do i turn a ValueError into a 422 in fastapi?")
    assert not handling.reports_error


@pytest.mark.parametrize(
    "message",
    [
        "why does everyone love flask, is it just the built in dev server?",
        "the admin is django's big selling point. what else is there?",
        "is fastapi's dependency injection a big deal or just marketing",
    ],
)
def test_what_draws_people_to_a_framework_asks_its_strengths(
    understander: Understander, message: str
) -> None:
    """Asked why people like it, with a feature put forward as the reason, the question is
    on its strengths, not on whether it has that feature."""
    assert understander.understand(message).intent == "pros"


def test_a_tool_named_in_a_choice_among_the_three_leaves_it_about_ours(
    understander: Understander,
) -> None:
    """ "which of the three makes testing easiest with pytest?" picks among ours, pytest a
    tool used with them; "celery or rq?" names no framework of ours and stays out."""
    among = understander.understand("which of the three makes testing easiest with pytest?")
    assert among.intent == "best_for"
    assert understander.understand("celery or rq for background jobs?").intent == "out_of_scope"


def test_confidence_decides_between_answer_clarify_and_out_of_scope(
    understander: Understander,
) -> None:
    for text in ("django vs flask", "what is fastapi", "compare", "and then", "zzzz"):
        u = read(understander, text)
        if u.confidence >= CLARIFY_BELOW:
            assert not u.unsure
        elif u.confidence >= OUT_OF_SCOPE_BELOW and u.intent != "out_of_scope":
            assert u.unsure
        else:
            assert u.intent == "out_of_scope" and not u.unsure


@pytest.mark.parametrize(
    "message",
    ["should I use pytest or unittest for my tests?", "langchain or llamaindex for a RAG app?"],
)
def test_python_tools_that_are_not_web_frameworks_are_out_of_scope(
    understander: Understander, message: str
) -> None:
    understood = understander.understand(message)
    assert understood.intent == "out_of_scope"
    assert understood.other_frameworks


@pytest.mark.parametrize(
    "message",
    [
        "we have a tensorflow classifier to put behind an http endpoint, which framework fits?",
        "our devs know laravel well. which python framework should we start with?",
        "the mobile devs want swagger docs for our rest api; we used koa before. which framework?",
        "which one does scheduled jobs best without adding celery?",  # "which one": of ours
    ],
)
def test_other_names_that_only_set_the_scene_leave_the_choice_of_framework_ours(
    understander: Understander, message: str
) -> None:
    understood = understander.understand(message)
    assert understood.intent in {"recommend", "best_for"}
    assert understood.other_frameworks


@pytest.mark.parametrize(
    "message",
    ["which framework is better, laravel or symfony?", "which framework beats koa?"],
)
def test_other_frameworks_set_against_each_other_stay_out_of_scope(
    understander: Understander, message: str
) -> None:
    assert understander.understand(message).intent == "out_of_scope"


def test_the_scope_rules_read_their_words_from_scope_yaml(understander: Understander) -> None:
    from intents.scope import ScopeRules, load_scope_words  # noqa: PLC0415

    message = "which zebrapad is best for django?"
    signals = understander.signals(message)
    fws = tuple(signals.entities.frameworks)
    assert not understander.scope.not_a_framework_choice(signals, fws, None)
    words = load_scope_words()
    editors = words.model_copy(update={"editor_words": words.editor_words | {"zebrapad"}})
    rules = ScopeRules(understander.kb, {}, frozenset(), editors)
    assert rules.not_a_framework_choice(signals, fws, None)


def test_topics_come_from_every_topic_word_the_message_names(
    understander: Understander,
) -> None:
    understood = understander.understand(
        "we deploy flask with gunicorn on kubernetes; does it have an admin?"
    )
    assert understood.topics[0] == "deployment"  # three deployment words, one admin word
    assert "admin" in understood.topics


@pytest.mark.parametrize(
    ("text", "asked", "setting"),
    [
        ("how do i turn off csrf on my flask form submissions", "security-protection", "forms"),
        ("how to add pagination in the django admin", "pagination", "admin"),
    ],
)
def test_a_topic_named_as_the_setting_of_another_comes_after_it(
    understander: Understander, text: str, asked: str, setting: str
) -> None:
    """ "X on/in Y": Y is where X is asked about, even when Y is a longer phrase."""
    topics = understander.understand(text).topics
    assert topics.index(asked) < topics.index(setting)


def test_a_field_limited_to_a_set_of_values_is_on_field_choices(
    understander: Understander,
) -> None:
    """People ask for choices in the words of what they want, not the API's name."""
    u = understander.understand(
        "can a django model field only accept a set of allowed values, like low, medium or high?"
    )
    assert "model-choices" in u.topics


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("on_event is deprecated, use lifespan event handlers instead. how?", "lifespan"),
        ("where do I put startup code in fastapi?", "lifespan"),
        ("how many gunicorn workers for 8 cores?", "deployment"),
        # The misnomer people use for server-sent events.
        ("server side events from fastapi without websockets?", "streaming"),
        # When writes reach the database is transactions', not the ORM's in general.
        ("after obj.save() in django, do i still have to commit the model?", "transactions"),
        # print() output that goes missing asks how to log, not how to log users in.
        ("my print() output vanishes under gunicorn. how do i log in flask then?", "logging"),
    ],
)
def test_narrow_topics_are_read_before_broad_ones(
    understander: Understander, text: str, topic: str
) -> None:
    """Deployment has hundreds of facts: start-up code asked about is answered from the
    few on it; server-side events are streaming's, not WebSockets'."""
    assert understander.understand(text).topics[0] == topic


def test_the_thing_a_likening_points_to_is_the_topic_asked(understander: Understander) -> None:
    """ "anything in flask like django's admin that works on my sqlalchemy models?": the
    admin is what is asked for; the models are what it would work on."""
    u = understander.understand(
        "my sqlalchemy models need a ui: anything in flask like django's admin for that?"
    )
    assert u.topics[:2] == ("admin", "orm")


@pytest.mark.parametrize(
    ("text", "together"),
    [
        ("how to use the Django ORM inside FastAPI", True),
        ("is there official support for using FastAPI inside of a Django project?", True),
        ("FastAPI's view serving with Django's ORM and admin", True),
        ("django with fastapi", True),
        ("can fastapi host our legacy flask app under /old?", True),
        ("how does django compare with fastapi", False),  # set against each other
        ("replace flask with fastapi", False),  # one leaves
        ("django or flask with celery?", False),
        ("django with fastapi or flask?", False),  # which one goes with django
        ("flask inside my docker image", False),  # one framework only
    ],
)
def test_words_between_two_frameworks_can_say_they_are_used_together(
    understander: Understander, text: str, together: bool
) -> None:
    """ "inside", "with", "together with" name using both only between their names."""
    topics = understander.understand(text).topics
    assert ("combining" in topics) is together, topics
    assert not together or topics[0] == "combining", topics


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("FastAPI vs Flask 2025: hangisi daha hızlı?", "performance"),
        ("Django vs Flask, 러닝 커브는?", "learning"),
        ("FastAPIかFlaskか? 初心者向け", "learning"),
        ("Django'nun esneklik kısıtlamaları", "flexibility"),
        ("做一个电商网站，用哪个框架好？", "fullstack"),
        ("FastAPI ou Django pour le backend d'une appli mobile ?", "api"),
        ("¿flask aguanta un chat en tiempo real?", "async"),
    ],
)
def test_aspect_words_are_read_in_the_languages_people_post_in(
    understander: Understander, text: str, aspect: str
) -> None:
    assert understander.understand(text).aspect == aspect


def test_a_topic_phrase_split_by_a_framework_name_is_read(understander: Understander) -> None:
    assert understander.understand("how do I connect fastapi to postgres").topics == (
        "database-support",
    )
    laid_out = understander.understand("how should we structure a django project?")
    assert laid_out.topics == ("project-structure",)
    documented = understander.understand("can i put our logo on the fastapi docs page?")
    assert documented.topics[:1] == ("openapi",)


def test_short_forms_name_topics_as_the_words_they_stand_for(understander: Understander) -> None:
    assert understander.understand("which dbs does django support?").topics[0] == (
        "database-support"
    )
    assert understander.understand("does fastapi have ws support").topics == ("websockets",)


def test_a_bug_report_is_about_the_topic_named_beside_its_error_word(
    understander: Understander,
) -> None:
    text = "react dev server cant call my fastapi api, CORS error in the console"
    understood = understander.understand(text)
    assert understood.intent == "out_of_scope"  # a bug report...
    assert understood.topics[0] == "cors"  # ...on CORS, not the dev server
    assert "deployment" in understood.topics
    assert understood.other_frameworks == ("React",)  # a frontend: not a framework compared


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("Flask is a lovely little framework to work with.", "pros"),
        ("Django feels bloated and clunky for tiny services.", "cons"),
        ("FastAPI is awesome for quick APIs, but the docs for bigger apps worry me.", "cons"),
        # "although" concedes something else; the praise stands
        ("I love django, although I have more years in PHP.", "pros"),
        ("I love django, but I have more years in PHP.", "cons"),
    ],
)
def test_a_statement_of_praise_or_criticism_reads_as_strengths_or_weaknesses(
    understander: Understander, message: str, intent: str
) -> None:
    assert understander.understand(message).intent == intent


@pytest.mark.parametrize(
    ("message", "tone"),
    [
        ("Flask rocks.", "pros"),
        ("Great framework, flask.", "pros"),
        ("Django's strength is its admin", "pros"),
        ("Django's weakness is its size", "cons"),
        ("flask is great and bad", None),  # both: neither
        ("django is great but slow", "cons"),  # praise turned by "but"
        ("Django's strength is the admin, but it is slow", "cons"),
        ("django is slow but great", "pros"),  # what follows the turn decides
        ("django is great, but its admin is great too", "pros"),
        ("I have no experience with flask but", None),
        ("flask is okay but the docs", None),
    ],
)
def test_the_tone_of_a_statement_is_what_follows_its_last_turn(
    understander: Understander, message: str, tone: str | None
) -> None:
    qualities = (understander.good_qualities, understander.bad_qualities)
    signals = understander.signals(message)
    tone_read = _tone(
        signals, understander.contrast_words, qualities, understander.comparative_words
    )
    assert tone_read == tone


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("with django we ship faster and with fewer headaches", "pros"),
        ("switched to fastapi, deploys are not painful and not slow", "pros"),
        ("flask turned out to be less flexible for our needs", "cons"),
        ("our django codebase is a mess and a nightmare to upgrade", "cons"),
        ("flask makes it way too easy to skip structure in big apps", "cons"),  # excess words
        # words of degree between the reversing word and the quality (lexicon degree_words)
        ("flask felt great at first, but not so great once the codebase grew", "cons"),
        ("honestly our django upgrades were not that painful", "pros"),
        # ... and an article ("isn't a great", "not the fastest")
        ("flask isn't a great production server", "cons"),
        ("fastapi is not a bad choice for a small team", "pros"),
    ],
)
def test_a_quality_turned_around_by_the_word_before_it_counts_for_the_other_side(
    understander: Understander, message: str, intent: str
) -> None:
    """ "fewer headaches" praises, "less flexible" criticises (lexicon reversing_words)."""
    assert understander.understand(message).intent == intent


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("my fastapi app keeps crashing with a traceback on startup", "out_of_scope"),
        ("flask crashed", "out_of_scope"),
        ("running django I get django.db.utils.OperationalError: no such table", "out_of_scope"),
        ("that did it, been stuck for hours, thank you so much for the help!", "thanks"),
        ("aloha!", "greet"),
    ],
)
def test_bug_reports_thanks_and_greetings_whatever_their_length(
    understander: Understander, message: str, intent: str
) -> None:
    assert understander.understand(message).intent == intent


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("morning all", "greet"),
        ("gm team!", "greet"),
        ("you're a lifesaver", "thanks"),
        ("logging off, see ya", "thanks"),
        ("signing off, ttyl", "thanks"),  # "signing" names security's signing alone
        ("yo nerds, bot alive?", "greet"),  # weak evidence of a question to the bot
        ("shukriya bhai", "thanks"),
        ("that was way too generic, be more specific", "help"),  # a complaint
        ("nope, you misread me, i asked about deploying", "help"),  # nothing asked before
        ("never mind, sorted it", "thanks"),
        ("hi again, thanks for earlier", "thanks"),
        ("早安啊大家！", "greet"),  # read one character a word
        ("こんにちは", "greet"),
        ("Bonjour à tous", "greet"),
        ("спасибо!", "thanks"),
        ("非常感谢！", "thanks"),  # "thank you very much", one character a word
        ("terima kasih banyak", "thanks"),
        ("valeu, ajudou muito!", "thanks"),  # "thanks, it helped a lot"
        ("cảm ơn nhé", "thanks"),
        ("you're a real hero bro", "thanks"),
        # keeping the answer is thanks for it
        ("screenshotting this for our architect 📸", "thanks"),
        ("this is gold, bookmarked for the team wiki", "thanks"),
        ("appreciate the help, signing off for today", "thanks"),
        # a goodbye with more said still closes ("will ping u tmrw ...": no hello)
        ("ok heading out, will ping you tmrw once the team has decided", "thanks"),
        ("halp", "help"),  # a typo of help
        ("u talked about django, i typed flask", "help"),  # what was answered, not asked
        ("meh, that reads copy pasted from the docs", "help"),
        # a complaint naming what was asked is still a complaint
        ("hm, i asked about migrations tooling, you told me its history", "help"),
        ("heading out for today", "thanks"),
        # a goodbye ending what asks nothing of ours, and a hello opening it
        ("ok my laptop is at 3% so that's my cue. later", "thanks"),
        ("pushing my branch and heading out, ttfn", "thanks"),
        ("closing the laptop, this goes in my notes. night all", "thanks"),  # filler after
        ("back again, got another one for you", "greet"),
        ("morning folks, brought donuts for the standup", "greet"),
        ("heyo, just dropping by before my dentist appointment", "greet"),
        # a hello opening a question (no question mark) about nothing of ours is no hello
        ("hey folks, anyone got a spare phone charger", "out_of_scope"),
        # a greeting opening stays one beside a goodbye word meant otherwise
        ("gm, got a tricky one for u later", "greet"),
        ("that was a wall of text, i just wanted a yes or no", "help"),
        ("thats a non answer tbh", "help"),
        ("what can you actually do? can i ask you about other frameworks or only these 3", "help"),
    ],
)
def test_a_message_of_only_social_words_is_chat(
    understander: Understander, message: str, intent: str
) -> None:
    assert understander.understand(message).intent == intent


@pytest.mark.parametrize(
    "message",
    [
        "मेरे कॉलेज के लिए एक छोटी API बनानी है, Flask या FastAPI?",  # "for my college ..."
        "aku mau bikin toko online, django atau flask?",  # "I want to make an online shop"
    ],
)
def test_an_own_project_said_in_other_languages_asks_for_a_pick(
    understander: Understander, message: str
) -> None:
    assert understander.understand(message).intent == "recommend"


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("brb, grabbing tea", "thanks"),
        ("gm all, sun is finally out", "greet"),
        ("mornin, espresso kicking in", "greet"),
    ],
)
def test_a_word_or_two_no_question_uses_leave_chat_words_chat(
    understander: Understander, message: str, intent: str
) -> None:
    """ "tea", "espresso": words no question of any kind uses ask nothing, so the greeting or
    goodbye beside them is what the message is; with a question beside them it is still
    a question."""
    assert understander.understand(message).intent == intent
    asked = understander.understand("thanks, grabbing tea, which one is faster?")
    assert asked.intent not in ("greet", "thanks")


@pytest.mark.parametrize(
    "message",
    [
        "never mind the admin, is flask maintained?",
        "ok, sorted: which one for websockets?",
        "thanks for the docs! which one is faster?",
    ],
)
def test_social_words_beside_a_question_leave_it_a_question(
    understander: Understander, message: str
) -> None:
    assert understander.understand(message).intent not in ("greet", "thanks")


def test_the_social_words_are_data(tmp_path: Path) -> None:
    words = tmp_path / "chat.yaml"
    words.write_text("greeting: [zebrahoy]\nclosing: [zebrabye]\nfiller: [crew]\n")
    reader = ChatReader(frozenset({"the"}), load_chat_words(words))
    assert reader.intent(("zebrahoy", "the", "crew")) == "greet"
    assert reader.intent(("zebrahoy", "zebrabye")) == "thanks"
    # a goodbye word after an opening greeting leaves it a greeting
    night = ChatReader(
        frozenset(),
        ChatWords(greeting=("zebrahoy",), closing=(), signing_off=("zebranight",), filler=()),
    )
    assert night.intent(("zebrahoy", "zebranight")) == "greet"
    assert night.intent(("zebranight", "zebrahoy")) == "thanks"
    assert reader.intent(("crew",)) is None  # filler alone says nothing
    assert reader.intent(("zebrabye", "django")) is None


@pytest.mark.parametrize(
    ("confidence", "intent", "unsure"),
    [
        (0.95, "describe", False),
        (0.45, "describe", False),  # at the threshold: answered
        (0.4499, "describe", True),  # just below: "Did you mean ...?"
        (0.3, "describe", True),
        (0.25, "describe", True),  # at the lower threshold: still asked, not refused
        (0.2499, "out_of_scope", False),  # just below: outside what it covers
        (0.0, "out_of_scope", False),
    ],
)
def test_the_thresholds_are_0_45_to_ask_and_0_25_to_refuse(
    understander: Understander,
    monkeypatch: pytest.MonkeyPatch,
    confidence: float,
    intent: str,
    unsure: bool,
) -> None:
    readings = [
        Reading("describe", confidence, ("django",)),
        Reading("pros", confidence / 2, ("django",)),
    ]
    monkeypatch.setattr(understander, "_readings", lambda signals, context: readings)
    u = read(understander, "tell me about django")
    assert (u.intent, u.unsure, u.confidence) == (intent, unsure, confidence)
    if unsure:
        assert [a.intent for a in u.alternatives] == ["describe", "pros"]


@pytest.mark.parametrize("confidence", [0.44, 0.3, 0.25, 0.1])
def test_an_out_of_scope_reading_is_refused_however_unsure(
    understander: Understander, monkeypatch: pytest.MonkeyPatch, confidence: float
) -> None:
    readings = [Reading("out_of_scope", confidence), Reading("describe", 0.2, ("django",))]
    monkeypatch.setattr(understander, "_readings", lambda signals, context: readings)
    u = read(understander, "tell me about the weather and django")
    assert (u.intent, u.unsure) == ("out_of_scope", False)


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("compare spring and express", None),
        ("spring vs express for an api", "api"),
        ("which is faster, express or rails?", "performance"),
        ("laravel or rails for a startup", None),
    ],
)
def test_only_other_frameworks_named_is_out_of_scope_and_says_which(
    understander: Understander, text: str, aspect: str | None
) -> None:
    u = read(understander, text)
    assert (u.intent, u.unsure, u.aspect) == ("out_of_scope", False, aspect), u.debug
    assert CLARIFY_BELOW <= u.confidence <= 1.0
    assert u.other_frameworks


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("all three side by side on speed", "performance"),
        ("how do the three stack up on performance", "performance"),
        ("pros and cons of all three", None),
    ],
)
def test_all_three_without_a_comparing_word_is_a_comparison_of_all_three(
    understander: Understander, text: str, aspect: str | None
) -> None:
    u = read(understander, text)
    every = ("django", "fastapi", "flask")
    assert (u.intent, u.frameworks, u.aspect) == ("compare", every, aspect)
    assert u.alternatives  # the other readings apply to the three as well
    assert all((a.frameworks, a.aspect) == (every, aspect) for a in u.alternatives)


# Labelled questions (intents/evaldata, the contract's dev set), chosen because together they
# catch every mutant of intents/understand.py that changes how a labelled question is read
# (found with scripts/mutation.sh). Each: acceptable intents, frameworks, acceptable aspects.
LABELLED = [
    ("Which is more popular on GitHub?", {"best_for"}, set(), {"community"}),
    ("which framework did Instagram use", {"describe", "use_cases"}, {"django"}, set()),
    ("Spring Boot or Django for an enterprise backend?", {"compare", "out_of_scope"}, {"django"},
     set()),
    ("I'd like a flask of tea please", {"out_of_scope"}, set(), set()),
    ("show me the pros and cons of each framework", {"compare", "cons", "pros"}, set(), set()),
    ("Angular or React for frontend?", {"out_of_scope"}, set(), set()),
    ("tell me a fun fact", {"out_of_scope"}, set(), set()),
    ("Is Express faster than FastAPI?", {"compare", "out_of_scope"}, {"fastapi"},
     {"performance"}),
    ("I'm new to python web dev, which framework should i pick up first?",
     {"best_for", "recommend"}, set(), {"learning"}),
    ("what is flask good for", {"use_cases"}, {"flask"}, set()),
    ("fastapi is just starlette with pydantic, no?", {"describe"}, {"fastapi"}, set()),
    ("is flask maintained by pallets?", {"describe"}, {"flask"}, set()),
    ("and do you have real-world examples company is using your API for a big project? and what "
     "is your recommendations for the production apps", set(), set(), set()),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intents", "frameworks", "aspects"), LABELLED)
def test_labelled_questions_are_read_as_labelled(
    understander: Understander,
    text: str,
    intents: set[str],
    frameworks: set[str],
    aspects: set[str],
) -> None:
    u = read(understander, text)
    assert not intents or u.intent in intents, u.debug
    assert set(u.frameworks) == frameworks
    assert not aspects or u.aspect in aspects


@pytest.mark.parametrize(
    ("message", "intent", "framework", "aspect"),
    [
        ("how come fastapi is so quick?", "pros", "fastapi", "performance"),
        ("why is flask so slow?", "cons", "flask", "performance"),
        ("why is django so popular?", "pros", "django", "community"),
        ("why is django so hard to learn", "cons", "django", "learning"),
    ],
)
def test_a_why_question_about_a_quality_reads_its_direction(
    understander: Understander, message: str, intent: str, framework: str, aspect: str
) -> None:
    u = understander.understand(message)
    assert (u.intent, u.frameworks, u.aspect) == (intent, (framework,), aspect)


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("the one thing flask does better than pretty much anything else?", "pros"),
        ("what does fastapi do worse than every other framework", "cons"),
        ("is django better than flask for this?", "compare"),  # another named: a comparison
        ("is flask easier than everything else?", "compare"),  # asked whether: the same
    ],
)
def test_one_of_ours_set_above_or_below_all_the_others_is_praised_or_criticised(
    understander: Understander, message: str, intent: str
) -> None:
    """There is no other to compare it with: "better than anything else" is its strength."""
    assert understander.understand(message).intent == intent


def test_a_topic_phrase_is_found_in_the_plural(understander: Understander) -> None:
    assert understander.understand("which asgi servers run django?").topics[:1] == ("deployment",)


def test_a_v_number_is_a_release_only_after_a_framework(understander: Understander) -> None:
    """ "fastapi v1" asks about its releases; "/api/v1" and "v1 and v2 side by side" are
    versions of someone's API."""
    assert "releases" in understander.understand("is fastapi v1 yet?").topics
    api = understander.understand("our api needs v1 and v2 routes side by side, how?")
    assert "releases" not in api.topics


def test_moving_to_a_version_of_the_same_framework_is_no_framework_decision(
    understander: Understander,
) -> None:
    """ "ok to move to django 6.1?" asks about that release, not which framework to use;
    "keep flask or move to django?" still weighs two frameworks."""
    version = understander.understand("our app is on sqlite 3.34. ok to move to django 6.1?")
    assert "decision" not in version.forms and version.intent != "recommend"
    choice = understander.understand("our team writes flask today: keep it or move to django?")
    assert "decision" in choice.forms


@pytest.mark.parametrize(
    ("message", "weighs_frameworks"),
    [
        (
            "json serialization is slow in our fastapi app. should we switch to ORJSONResponse?",
            False,
        ),
        ("we run django under gunicorn today and want to move to asgi for async views", False),
        ("team knows flask, should we switch to fastapi?", True),
        ("our flask app is getting slow, should we move to something lighter?", True),
        ("should we migrate to starlette from flask?", True),
    ],
)
def test_a_move_to_a_thing_inside_a_framework_is_no_framework_decision(
    understander: Understander, message: str, weighs_frameworks: bool
) -> None:
    """Where a move goes says what is weighed: to a class or a protocol, a how-to inside the
    framework; to a framework, or somewhere left open, a decision between frameworks."""
    assert ("decision" in understander.understand(message).forms) is weighs_frameworks


@pytest.mark.parametrize(
    ("message", "intent", "decides"),
    [
        (
            "thinking of migrating our 6yo flask monolith to fastapi. worth it or nah",
            "recommend",
            True,
        ),
        ("rewriting my whole flask api in django, good idea or not?", "recommend", True),
        # Asked how, the move is being made: no decision to weigh.
        ("how do i port my middleware to fastapi", "out_of_scope", False),
    ],
)
def test_moving_ones_own_thing_to_a_framework_is_ones_own_decision(
    understander: Understander, message: str, intent: str, decides: bool
) -> None:
    """However many words name the thing moved ("our 6yo flask monolith"), moving one's own
    thing to one of ours is the asker's situation; weighed ("worth it or nah"), the move is
    the decision asked for."""
    understanding = understander.understand(message)
    assert understanding.intent == intent
    assert ("decision" in understanding.forms) is decides


def test_asking_for_the_pick_needs_no_or(understander: Understander) -> None:
    """ "i've read django has an admin, flask is simpler... what would you pick?" asks for
    the pick among the ones named, though no "or" sets them side by side."""
    message = (
        "one part-time dev (me), volunteers log donations from their phones. i've read django"
        " has an admin, flask is simpler, fastapi is the new hot thing. what would you pick"
    )
    assert understander.understand(message).intent == "recommend"


def test_praise_or_criticism_of_a_release_is_not_of_the_framework(
    understander: Understander,
) -> None:
    """ "django 5.0 is outdated now" is about that release (its support), not a weakness of
    Django; "django is outdated" still is one."""
    for release in ("django 5.0 is outdated now, painful to stay on it",  # by tone
                    "django 5.0 is outdated now, painful to stay on",  # by phrases
                    "flask 2.2 will reach end of life in 6 months"):  # fmt: skip
        assert understander.understand(release).intent not in ("pros", "cons"), release
    assert understander.understand("django is outdated and painful").intent == "cons"


def test_a_numbered_word_names_its_topic_with_any_version(kb: KnowledgeBase) -> None:
    """ "python 3.15" is about Python versions though no topic word lists 3.15 (topics.yaml
    `numbered`); "python" alone, or a number after another word, is not."""
    spotter = TopicSpotter(kb)
    assert "python-versions" in spotter.spot(("can", "django", "run", "on", "python", "3.15"))
    assert "python-versions" not in spotter.spot(("python", "is", "great"))
    assert "python-versions" not in spotter.spot(("runs", "on", "3.15"))


def test_a_word_written_as_a_call_in_the_topics_names_them_only_as_a_call(
    understander: Understander,
) -> None:
    """ "latest()" and "values()" are queryset methods in topics.yaml; "the latest patch"
    or "what values" are everyday words and name no ORM question."""
    assert understander.understand("how do i use latest() on a django queryset?").topics[0] == (
        "orm"
    )
    everyday = understander.understand("on django 6.1.1, worth bumping to the latest patch?")
    assert everyday.topics == ("releases",)
    assert "orm" not in understander.understand("which values can flask's config hold?").topics


def test_normalising_keeps_which_words_were_written_as_code() -> None:
    norm = normalize("qs.values().count() vs len (qs)")
    assert norm.tokens == ("qs", "values", "count", "vs", "len", "qs")
    assert norm.as_code == frozenset({1, 2})
    lookup = normalize("filter(created__year=2026) or __date, not send_mail")
    assert lookup.tokens == (
        "filter",
        "created",
        "year",
        "2026",
        "or",
        "date",
        "not",
        "send",
        "mail",
    )
    assert lookup.as_code == frozenset({0, 2, 5})
    assert lookup.lookups == frozenset({2, 5})


def test_a_url_path_names_its_topic_only_written_as_one(understander: Understander) -> None:
    """ "/docs" is the page FastAPI serves its OpenAPI docs at; "docs" alone is any
    documentation, and a web address's host ("docs.djangoproject.com") is no path."""
    assert normalize("our fastapi /api/docs page").as_code == frozenset({2, 3})
    assert normalize("see https://docs.djangoproject.com/en/6.1/ now").as_code == frozenset()
    asked = understander.understand("our fastapi /docs is one flat list of 120 endpoints, help")
    assert asked.topics[:1] == ("openapi",)
    assert "openapi" not in understander.understand("are the fastapi docs any good?").topics


def test_an_abbreviation_in_capitals_names_its_topic_only_so(understander: Understander) -> None:
    """ "DI" is dependency injection; "di" is "of" in Italian and "in" in Indonesian."""
    assert understander.understand("does FastAPI have DI?").topics == ("dependency-injection",)
    for message in (
        "Quale framework scegliere? Quando si parla di framework web: Django, Flask e FastAPI",
        "saya akan menulis backend pertama saya di django",
    ):
        assert "dependency-injection" not in understander.understand(message).topics
    assert normalize("does FastAPI have DI or an ORM?").capitals == frozenset({3, 6})


def test_a_field_lookup_names_the_orm_only_written_as_one(understander: Understander) -> None:
    """ "__year" and "__date" are field lookups in topics.yaml; "what year" or "the dates"
    ask about releases, not the ORM."""
    assert "orm" in understander.understand("how do i filter by created__year in django?").topics
    for message in ("what year was django released", "need the dates of django 6.1's support"):
        reading = understander.understand(message)
        assert "orm" not in reading.topics
        assert reading.aspect != "database"


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("Django is actually easier for beginners because it ships an admin", "pros"),
        ("FastAPI feels buggy and unmaintained to me", "cons"),
    ],
)
def test_a_statement_of_a_quality_reads_as_praise_or_criticism(
    understander: Understander, message: str, intent: str
) -> None:
    assert understander.understand(message).intent == intent


def test_praise_turned_by_but_is_still_praise_when_more_praise_follows(
    understander: Understander,
) -> None:
    message = "Django has a flurry of neat features, but two stand out: tasks and partials."
    assert understander.understand(message).intent == "pros"
    # Said of a release ("Django 6.0 has ..."), it is about that release: see below.


def test_words_of_praise_or_criticism_outweigh_qualities_of_something_else(
    understander: Understander,
) -> None:
    """ "simple" and "lightweight" describe the APIs; "avoid" is what is said of Django."""
    message = "Avoid Django for ultra-lightweight microservices or simple APIs"
    assert understander.understand(message).intent == "cons"


def test_a_quality_stated_of_both_is_not_praise_of_one(understander: Understander) -> None:
    message = "both seem equally easy to use, and Django has more capabilities"
    assert understander.understand(message).intent != "pros"


def test_a_question_without_its_question_mark_still_asks(understander: Understander) -> None:
    u = understander.understand("is FastAPI stable enough for production")
    assert u.asks and u.intent not in ("pros", "cons")


def test_a_framework_named_with_a_version_number_is_about_its_releases(
    understander: Understander,
) -> None:
    # ... and what a release added, when that is what it asks
    assert understander.understand("anything big in django 6.1?").topics[:1] == ("whats-new",)
    assert understander.understand("is django 5.1 still ok?").topics[:1] == ("releases",)
    assert understander.understand("thoughts on django 6.1?").topics == ("releases",)
    # a number after an aspect word ("speed 10 times") is no framework's version
    assert understander.understand("speed 10 times better with fastapi?").topics == ()
    # ... unless a topic word says what about it
    python = understander.understand("which python versions does django 6 support?")
    assert python.topics[:1] == ("python-versions",)


def test_an_error_word_that_names_a_feature_is_not_a_bug_report(
    understander: Understander,
) -> None:
    feature = understander.understand("how do custom exception handlers work in FastAPI?")
    assert not feature.reports_error  # so the brain answers it as a how-to on the topic
    failure = understander.understand("my react app gets a CORS error calling fastapi. fix?")
    assert failure.reports_error  # the error word ends the topic's name: a failure
    # Asked on error handling itself (topics.yaml handles_errors), the errors named are what
    # to handle; outside it they are still a failure.
    handled = understander.understand("how do i return a json error when my view raises KeyError?")
    assert not handled.reports_error and handled.topics[:1] == ("errors",)
    crashed = understander.understand("my fastapi app raises a KeyError on startup, help")
    assert crashed.reports_error
    # Validation deals in errors too: the errors it shows are what is asked for.
    shown = understander.understand("how can a flask form show an error beside a bad email?")
    assert not shown.reports_error and shown.topics[:1] == ("forms",)
    own_format = understander.understand("fastapi: how do i send validation errors in my format?")
    assert not own_format.reports_error


def test_thanks_that_also_asks_or_names_a_framework_is_not_only_thanks(
    understander: Understander,
) -> None:
    for message in ("deployed to heroku, thanks! but is flask ok for 10k users?",
                    "deployed on heroku with quart, thanks"):  # fmt: skip
        assert understander.understand(message).intent != "thanks", message


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("recommended way to handle cors for an api", "describe"),
        ("what's the recommended way to do websockets?", "describe"),
        # asking for a pick, in any of its words, stays a choice
        ("need a small api with an admin. suggestions?", "recommend"),
        (
            "solo founder, need auth, payments and an admin, ship in 6 weeks. what do i use?",
            "recommend",
        ),
        ("¿cuál me recomiendan para una tienda con pagos y panel de admin?", "recommend"),
    ],
)
def test_advice_on_a_topic_naming_no_framework_is_not_a_choice_of_framework(
    understander: Understander, message: str, intent: str
) -> None:
    assert understander.understand(message).intent == intent


def test_a_job_advert_naming_the_frameworks_as_skills_is_out_of_scope(
    understander: Understander,
) -> None:
    advert = (
        "We're hiring a senior Python engineer for our payments team. You will work with "
        "Django and FastAPI every day; 4+ years of experience expected."
    )
    assert understander.understand(advert).intent == "out_of_scope"
    seeking = "Seeking a senior Python developer to build our Flask and Django services."
    assert understander.understand(seeking).intent == "out_of_scope"
    short = "we're hiring a fastapi dev: month contract, fully remote"
    assert understander.understand(short).intent == "out_of_scope"
    # A developer describing their own experience is not an employer.
    own = "senior python dev here, 10 years of experience with django, is fastapi worth it?"
    assert understander.understand(own).intent != "out_of_scope"
    # Asking the channel for people is an advert too, question mark or not.
    wanted = "anyone hiring? we need a senior flask dev for 6 months, EU timezone, dm me"
    assert understander.understand(wanted).intent == "out_of_scope"
    # A day rate and "ping me if keen" are the employer's words too.
    gig = "6 month contract moving django to fastapi, 600/day, ping me if keen"
    assert understander.understand(gig).intent == "out_of_scope"
    hourly = "fastapi + postgres, 3 months, $55/hr, reply in thread"
    assert understander.understand(hourly).intent == "out_of_scope"
    # An employer asking something is asking: "we're hiring ... which framework should ...?"
    asking = "we're hiring a senior python developer: should they know django or fastapi?"
    assert understander.understand(asking).intent != "out_of_scope"


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("flask: wsgi vs asgi, which one does it speak?", "describe"),
        ("django: asgi vs wsgi deployment?", "describe"),
        # the versions it requires are a topic its facts answer
        ("fastapi: pydantic v1 vs v2?", "describe"),
        # an add-on against another is a choice inside the framework
        ("django ninja vs drf for a new api?", "out_of_scope"),
    ],
)
def test_two_things_of_one_topic_side_by_side_are_a_question_on_the_topic(
    understander: Understander, message: str, intent: str
) -> None:
    assert understander.understand(message).intent == intent


def test_thanks_opening_a_long_account_of_a_problem_on_a_topic_is_not_thanks(
    understander: Understander,
) -> None:
    report = (
        "Hello and thanks a lot for this project! Since we moved the app to docker with "
        "gunicorn behind nginx, the uploaded images and the css come back 404 as soon as "
        "debug is off, while everything loads fine on my laptop, and the logs show nothing "
        "useful at all, so I have no idea where to look next"
    )
    assert understander.understand(report).intent != "thanks"
    short = "thanks a lot, the nginx config fixed the 404s on the static files"
    assert understander.understand(short).intent == "thanks"


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("Move away from Flask.", "cons"),
        ("Replace Django for web application by a lighter framework", "cons"),
        ("stick to trusty flask", "pros"),
        ("go for django!", "pros"),
        ("just use django", "pros"),
    ],
)
def test_leaving_a_framework_or_settling_on_it_reads_its_direction(
    understander: Understander, message: str, intent: str
) -> None:
    assert understander.understand(message).intent == intent


def test_a_topic_is_evidence_for_its_aspect(understander: Understander) -> None:
    u = understander.understand("Flask does not have WebSocket support built-in.")
    assert u.aspect == "async"  # the websockets topic's aspect, with no aspect word at all
    # how a framework is kept going, its releases, is about its community
    releases = understander.understand("how often does flask ship new releases these days?")
    assert releases.aspect == "community"
    # several features needed at once: a site with them built in, whatever each one's aspect
    needs = understander.understand("portal with logins + an admin for support staff, ideas?")
    assert needs.aspect == "fullstack"
    # organizing a bigger app is about growing it
    grown = understander.understand(
        "how should i lay out a big flask codebase across several files?"
    )
    assert grown.aspect == "scalability"
    # whether it is still relevant or legacy now is about its community
    legacy = understander.understand("is flask still relevant or just legacy tech now?")
    assert legacy.aspect == "community"
    # what is built (an API) sets the scene; how it runs, named beside it, is asked
    latency = understander.understand("fastapi vs flask for a rest api where latency matters most")
    assert latency.aspect == "performance"
    assert understander.understand("is drf slow for big json responses?").aspect == "performance"
    # a topic named several ways is one piece of evidence: the aspect word still decides
    for message in (
        "deploying flask to aws lambda with zappa, are cold starts a problem?",
        "docker + gunicorn deploy of django on a small vps: how much memory per worker?",
    ):
        assert understander.understand(message).aspect == "performance"


def test_a_question_on_a_topic_is_not_chat_whatever_its_first_word(
    understander: Understander,
) -> None:
    message = "ok to run manage.py runserver in our prod docker container? it's behind nginx"
    assert understander.understand(message).intent not in ("greet", "thanks")


def test_the_quality_claimed_outweighs_a_word_that_sets_the_scene(
    understander: Understander,
) -> None:
    # "JSON" (api) comes first, but the sentence is about speed.
    u = understander.understand("Flask serves JSON responses slightly faster than Django.")
    assert u.aspect == "performance"


@pytest.mark.parametrize(
    ("message", "out_of_scope"),
    [
        ("which one is better, kivy or tkinter, for a desktop GUI?", True),
        ("zebrakit vs quokkalib for plotting?", True),
        # one of the two unknown is enough ("conda" is a word our phrases know)...
        ("zebrapm vs conda for the whole team, which do we standardise on?", True),
        # ... but not a word that asks ("a wrapper or what") or a thing of ours
        ("is this bot a zebrawrapper or what", False),
        ("mostly zebracrud against postgres, what would you go with?", False),
        ("django or flask for a blog?", False),  # our frameworks
        ("jinja or django templates?", False),  # a word our phrases know, beside a framework
    ],
)
def test_a_choice_between_words_we_do_not_know_is_not_ours(
    understander: Understander, message: str, out_of_scope: bool
) -> None:
    assert (understander.understand(message).intent == "out_of_scope") is out_of_scope


def test_a_question_on_a_topic_is_answered_rather_than_asked_back(
    understander: Understander,
) -> None:
    u = understander.understand("which of these ships a test client?")
    assert u.confidence < CLARIFY_BELOW  # however unsure of the intent...
    assert not u.unsure  # ...the topic says what to answer
    assert u.topics[0] == "test-client"
    # So does a claim about one of ours on a topic: the facts agree or correct it.
    claim = understander.understand(
        "FastAPI has dropped startup/shutdown events for lifespan events."
    )
    assert claim.confidence < CLARIFY_BELOW
    assert not claim.unsure
    assert claim.topics[0] == "lifespan"


def test_manage_py_names_django(understander: Understander) -> None:
    u = understander.understand("do i have to import my models every time i open manage.py shell?")
    assert u.frameworks == ("django",)


def test_a_phrase_joined_into_one_word_needs_parts_of_more_than_a_letter(
    understander: Understander,
) -> None:
    """ "req/s" joined is "requests": an everyday word, not a name written as code."""
    asked = understander.understand("what happens when someone requests /items/abc in fastapi?")
    assert "async-performance" not in asked.topics
    assert understander.understand("we only get 800 req/s out of flask").topics == (
        "async-performance",
    )


def test_a_topic_phrase_split_by_a_framework_name_is_still_read(kb: KnowledgeBase) -> None:
    spotter = TopicSpotter(kb)
    tokens = ("how", "do", "i", "run", "flask", "in", "production")
    assert not [h for h in spotter.hits(tokens) if h.topic == "deployment"]
    split = [h for h in spotter.hits(tokens, names={4}) if h.topic == "deployment"]
    assert [(h.start, h.words) for h in split] == [(3, 4)]  # "run [flask] in production"


def test_what_is_said_to_be_missing_is_the_point(understander: Understander) -> None:
    # "freedom" (flexibility) comes first; the sentence is about the async it lacks.
    lacking = understander.understand("Flask gives you freedom and it has no async support.")
    assert lacking.aspect == "async"
    having = understander.understand("Flask gives you freedom and it has async support.")
    assert having.aspect == "flexibility"  # no denial: the first named, as before
    # "minimal" only sets the scene (a weak word of flexibility): async is the point.
    minimal = understander.understand("Flask is a minimal framework and it has async support.")
    assert minimal.aspect == "async"


@pytest.mark.parametrize(
    ("message", "strangers"),
    [
        ("zebrakit vs quokkalib", True),
        ("zebrakit vs quokkalib vs", True),  # the first pair decides
        ("amazon vs quokkalib", True),  # a name the facts mention, beside one none knows
        ("amazon vs microsoft", False),  # names the facts mention, both
        ("celery vs quokkalib", False),  # another tool, named as such
        ("quokkalib or having", False),  # a function word
        ("quokkalib vs 42", False),  # not a word at all
        ("vs quokkalib zebrakit", False),  # nothing before "vs"
        ("quokkalib zebrakit vs", False),  # nothing after it
    ],
)
def test_two_words_set_against_each_other_are_strangers_if_we_know_either_not(
    understander: Understander, message: str, strangers: bool
) -> None:
    """Of two things set against each other, one that no phrase or fact of ours knows makes
    it a choice between other things (neither ours nor a tool we name)."""
    assert understander._compares_strangers(understander.signals(message)) is strangers


def test_a_greeting_typed_with_a_long_vowel_is_a_greeting(understander: Understander) -> None:
    assert understander.understand("hiiiii").intent == "greet"


@pytest.mark.parametrize(
    ("message", "intent"), [("heyyy", "greet"), ("byeee", "thanks"), ("heyyy all", "greet")]
)
def test_a_chat_word_with_its_last_letter_held_is_that_word(
    understander: Understander, message: str, intent: str
) -> None:
    """ "heyyy" reads as "heyy", which no chat word is; with the letter once it is "hey"."""
    assert understander.understand(message).intent == intent


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("tell me the good stuff about flask", "pros"),
        ("whats good about django", "pros"),
        # bugs a framework catches are praise, not a failure reported
        ("love how fastapi's type checking catches my bugs", "pros"),
        ("fastapi's validation catches so many errors for us, great", "pros"),
        ("my flask app throws errors since the upgrade", "out_of_scope"),
        # criticism said as a statement
        ("honestly flask shows its age", "cons"),
        ("django's orm overhead destroys our throughput", "cons"),
        ("flask's admin is not customizable. unless you write css", "cons"),
        ("what are flask's weak spots", "cons"),
        ("lol you're kinda smart for a bot", "thanks"),
        ("buenas noches", "greet"),
        ("ugh that answer was way too long", "help"),
        ("not what i asked, i wanted the deployment side", "help"),
        ("hey bot what can u actually do", "help"),  # a greeting opening a question for help
        ("long time no see", "greet"),
        ("olá, tudo bem?", "greet"),
        ("u a real person or a bot lol", "greet"),
        ("valeu demais, era isso que eu precisava 🙌", "thanks"),
        ("oi oi :wave:", "greet"),
        # the two sides of one verdict set against each other, not two things to choose
        ("what's django good at vs what's it bad at", "pros"),
    ],
)
def test_everyday_wordings_of_strengths_weaknesses_chat_and_complaints(
    understander: Understander, message: str, intent: str
) -> None:
    assert understander.understand(message).intent == intent


def test_a_feature_found_useless_is_no_complaint_about_the_answer(
    understander: Understander,
) -> None:
    """A complaint word on a topic, not said to the bot, is about the feature."""
    u = understander.understand(
        "the background tasks keep the request open until they finish, which makes them useless"
    )
    assert u.intent != "help"


def test_a_word_of_a_phrase_the_names_split_names_no_other_topic(
    understander: Understander,
) -> None:
    """ "the migration from [django] to [fastapi]" is the move; its "migration" is not also
    the database migrations topic."""
    moved = understander.understand("the migration from django to fastapi took us 3 months")
    assert moved.topics == ("switching",)
    gradual = understander.understand("moving our flask api to fastapi bit by bit, how?")
    assert gradual.topics[0] == "switching"


def test_saying_the_last_answer_was_on_the_wrong_framework_asks_it_again_on_the_one_meant(
    understander: Understander,
) -> None:
    message = "nah u misunderstood me, i was asking about flask not django"
    alone = understander.understand(message)
    assert (alone.intent, alone.frameworks) == ("help", ("flask",))
    after = Context(intent="pros", frameworks=("django",), aspect="performance")
    again = understander.understand(message, after)
    assert (again.intent, again.frameworks, again.aspect) == ("pros", ("flask",), "performance")
    compared = Context(intent="compare", frameworks=("django", "fastapi"), aspect="performance")
    swapped = understander.understand(message, compared)
    assert (swapped.intent, swapped.frameworks) == ("compare", ("fastapi", "flask"))
    said = "as i said before, django is great for big apps but flask is simpler for small ones"
    assert understander.understand(said).intent != "help"


def test_a_topic_set_aside_is_not_what_is_asked(understander: Understander) -> None:
    aside = "can django enforce price >= 0 in the database itself, not just in form validation"
    assert "forms" not in understander.understand(aside).topics
    kept = "django form validation, not just the admin: how?"
    assert understander.understand(kept).topics[0] == "forms"


def test_a_url_param_names_parameters_before_a_typing_word(understander: Understander) -> None:
    """ "typed" is a weak word of type hints; the URL parameter is what is asked."""
    typed = understander.understand("can a flask url param be typed to match only ints?")
    assert typed.topics[0] == "params"


def test_when_as_a_conjunction_asks_for_no_choice_per_framework(
    understander: Understander,
) -> None:
    """ "when we mount our flask app ... what do we use" is not "when would you use each"."""
    mounted = "fastapi warns WSGIMiddleware is deprecated when we mount our flask app, what to use"
    assert "when_each" not in understander.understand(mounted).forms
    assert "when_each" in understander.understand("when should i use flask over fastapi").forms


def test_a_later_sentence_that_opens_as_a_question_makes_the_message_a_question(
    understander: Understander,
) -> None:
    """No question mark, and it starts "yo": the question is the clause after the dash, so
    "quick" is no praise and the feature question is read as one."""
    message = "yo @bot quick q — does fastapi come with an orm or do i bring my own"
    assert understander.signals(message).is_question
    assert understander.understand(message).intent == "describe"
    assert not understander.signals("flask is quick. love it").is_question
    # "any" opens a question as the first word only ("any thoughts on flask?")
    assert not understander.signals("thanks for this. any help is appreciated").is_question
    assert understander.signals("any thoughts on flask").is_question


def test_a_question_opened_after_hailing_the_bot_is_a_question(
    understander: Understander,
) -> None:
    """ "hey @fwbot does ...": the greeting and the name hailed open nothing; the question
    opener after them does. Other words before an opener do not ("there is something ...",
    "i was surprised ...")."""
    assert understander.signals("hey @fwbot does flask have sessions").is_question
    assert understander.signals("yo team can fastapi serve static files").is_question
    assert not understander.signals("there is something nice about django").is_question
    assert not understander.signals("i was surprised how slow django templates got").is_question


@pytest.mark.parametrize(
    ("message", "intent"),
    [("🙏", "thanks"), ("👍🏽", "thanks"), ("🎉🎉", "thanks"), (":pray: :+1:", "thanks"),
     ("👋", "greet"), ("👋 🙏", "thanks"), ("🤔", "help"), (":thinking_face:", "help"),
     ("<@U0BOT> 👋👋", "greet"), ("<@U0BOT> <#C1|general> :pray:", "thanks"),
     ("<@U0BOT> 🤔", "help")],
)  # fmt: skip
def test_a_message_of_emoji_alone_is_a_reaction(
    understander: Understander, message: str, intent: str
) -> None:
    """Emoji that thank or wave (chat.yaml reactions, typed or as Slack shortcodes) are chat,
    whoever the message mentions; any other emoji leaves nothing to read."""
    assert understander.understand(message).intent == intent


@pytest.mark.parametrize(
    "message",
    [
        "upgrade from django 4.2 to django 5.2",
        "migrate our django 4.2 LTS install to 5.2 LTS",
        "django 4.2 vs 5.2 - which one for our new project? when does 4.2 support end",
    ],
)
def test_releases_of_one_framework_compared_are_a_question_on_its_releases(
    understander: Understander, message: str
) -> None:
    """Two versions of Django are not two frameworks to compare: the releases topic leads,
    with the confidence of the structure, not of weak phrase evidence for comparing."""
    u = understander.understand(message)
    assert (u.intent, u.topics[0], u.unsure) == ("describe", "support", False)
    assert u.confidence >= 0.7


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("user login for my fastapi service, is that built in or do i roll my own", "describe"),
        ("caching in flask, does it come with something or do i need a package", "describe"),
        ("django is great, it comes with auth and an admin out of the box", "pros"),
        ("can django send emails by itself or do i need some lib for smtp", "describe"),
        ("is data validation with pydantic built into fastapi or an extra package?", "describe"),
        ("does django have built in background tasks or do i need celery for receipts", "describe"),
        # whether it can, in the words of one who would do it
        ("can i just write async def views in flask now or is it half baked", "describe"),
    ],
)
def test_whether_a_framework_has_a_feature_is_a_feature_question(
    understander: Understander, message: str, intent: str
) -> None:
    """ "Is it built in or do I roll my own?" asks the feature matrix, question mark or not;
    praise that says so ("comes with ... out of the box") stays praise."""
    assert understander.understand(message).intent == intent


@pytest.mark.parametrize(
    "message",
    [
        "django: whats the built in way to stamp rows with the time they were created?",
        "flask: simplest way to read a query string parameter?",
        "the idiomatic way to share a db session across fastapi endpoints?",
        "where do i register a custom template filter in django?",
        "how should the config of a flask app be split between dev and prod?",
    ],
)
def test_asking_for_the_way_to_do_something_is_a_how_to(
    understander: Understander, message: str
) -> None:
    """ "the built in way to", "simplest way to": working with a framework, so the facts
    closest to the question's words lead, not the feature's yes or no."""
    assert "how_to" in understander.understand(message).forms


def test_a_choice_between_code_tools_is_not_ours_beside_a_framework(
    understander: Understander,
) -> None:
    """ "mypy or pyright" are tools for checking code (lexicon), not frameworks to pick."""
    for message in (
        "pyright or mypy for our growing fastapi codebase?",
        "should we type check our flask app with mypy or pyright",
    ):
        assert understander.understand(message).intent == "out_of_scope", message


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("thanks, going with flask then", "thanks"),
        ("thank you! django it is", "thanks"),
        ("thanks to django we shipped the admin in a week", "describe"),
    ],
)
def test_thanks_that_names_the_framework_chosen_is_thanks(
    understander: Understander, message: str, intent: str
) -> None:
    """Thanks naming a framework but no topic or aspect closes the conversation; "thanks
    to" means "because of" (synonyms) and thanks nobody."""
    u = understander.understand(message)
    assert u.intent == intent
    assert u.frameworks  # the framework is kept, for the context of what follows


def test_a_topic_word_inside_an_identifier_names_a_variable_not_the_topic(
    understander: Understander,
) -> None:
    """ "customer_email" is a column, not email sending; a whole identifier that is a topic
    phrase ("list_display") still names its topic."""
    column = understander.understand("filtering orders by customer_email is slow in django")
    assert "email" not in column.topics
    assert "admin" in understander.understand("list_display in the django admin").topics
    assert "email" in understander.understand("how do i send email in django").topics


def test_the_right_tool_for_the_job_is_not_the_job_market(understander: Understander) -> None:
    """ "the better tool for the job" is an idiom (not_entity_phrases), and asking in what
    situations one is the better tool asks when to pick each."""
    u = understander.understand("in what situations is flask the better tool for the job?")
    assert u.aspect != "jobs"
    assert "when_each" in u.forms
    assert understander.understand("which framework has the most jobs?").aspect == "jobs"


@pytest.mark.parametrize(
    "message", ["is flask fine for large applications?", "flask适合大型项目吗"]
)
def test_large_applications_are_about_scalability(understander: Understander, message: str) -> None:
    assert understander.understand(message).aspect == "scalability"


@pytest.mark.parametrize(
    "message",
    [
        "How can we manage roles and permissions using FastAPI?",
        "Speed and scalability are top priorities? Opt for FastAPI-based solutions.",
    ],
)
def test_one_framework_with_nothing_set_against_it_is_no_comparison(
    understander: Understander, message: str
) -> None:
    """One side only, no other tool and no word setting one thing against another: what the
    phrases read as a comparison asks about that framework."""
    u = understander.understand(message)
    assert u.intent != "compare"
    assert "compare" not in {r.intent for r in u.alternatives}


@pytest.mark.parametrize(
    "message",
    ["server: switch to django?", "is fastapi faster than others?", "FastAPI vs Express"],
)
def test_one_framework_set_against_something_can_be_a_comparison(
    understander: Understander, message: str
) -> None:
    assert understander.understand(message).intent == "compare"


@pytest.mark.parametrize(
    ("text", "framework", "aspect"),
    [("flask 做大型项目的性能会不会成为瓶颈", "flask", "scalability"),
     ("FastAPI 对新手来说学习曲线陡峭吗", "fastapi", "learning"),
     ("Flask 好学吗？", "flask", "learning"),
     ("Подходит ли Flask для больших проектов с точки зрения производительности?", "flask",
      "scalability"),
     # Starlette, under FastAPI, is bound up with it: still about FastAPI.
     ("FastAPI si appoggia a Starlette e ad ASGI, quindi è più rapido di altri framework",
      "fastapi", "async")],
)  # fmt: skip
def test_a_message_mostly_in_unread_words_about_one_of_ours_on_an_aspect_is_in_scope(
    understander: Understander, text: str, framework: str, aspect: str
) -> None:
    """Words no phrase has are no evidence a message is off-topic: one of ours named with
    an aspect of ours is what it is about. An error in it is still a report."""
    u = read(understander, text)
    assert u.intent != "out_of_scope" and (u.frameworks, u.aspect) == ((framework,), aspect)
    report = read(understander, "django 的性能 OperationalError 一直出现")
    assert report.intent == "out_of_scope"


@pytest.mark.parametrize(
    ("text", "aspect"),
    [("FastAPI makes it incredibly easy to document API responses", "api"),
     ("good docs, but will flask scale to millions of users?", "scalability"),
     ("is flask easy?", "learning"),
     ("tiny side project with a contact form, simplest option?", "learning"),
     ("is django easy to learn?", "learning")],
)  # fmt: skip
def test_easy_and_simple_name_learning_only_when_nothing_stronger_is_said(
    understander: Understander, text: str, aspect: str
) -> None:
    """ "easy", "simple", "docs" (the learning aspect's weak words) as often describe
    something else; the quality claimed or asked of a framework is still the point."""
    assert read(understander, text).aspect == aspect


def test_a_topic_phrase_written_as_one_word_names_the_topic(kb: KnowledgeBase) -> None:
    """Code names a feature in one word ("BackgroundTasks", "StreamingResponse"); a short
    joined word ("setup") is an everyday word, no topic of "set up"."""
    spotter = TopicSpotter(kb)

    def topics(text: str) -> set[str]:
        return {h.topic for h in spotter.hits(normalize(text).tokens)}

    assert "background-tasks" in topics("are fastapi BackgroundTasks durable?")
    assert "streaming" in topics("a StreamingResponse that never ends")
    short = [
        "".join(p)
        for t in kb.topics.values()
        for w in t.words
        if len(p := normalize(w).tokens) > 1 and len("".join(p)) < 8 and "".join(p).isalpha()
    ]
    written = {w for t in kb.topics.values() for w in t.words}
    assert short and not [j for j in short if j not in written and (j,) in spotter._phrases]


@pytest.mark.parametrize(
    "text",
    ["performans açısından hangisi daha iyi?", "¿cuál es mejor en rendimiento?",
     "welches ist besser für die Leistung?", "quale è migliore per la performance?"],
)  # fmt: skip
def test_which_is_better_in_other_languages_asks_to_choose(
    understander: Understander, text: str
) -> None:
    """ "which" and "better" in other languages are synonyms of choosing (synonyms.yaml)."""
    u = read(understander, text)
    assert u.intent in ("best_for", "recommend") and u.aspect == "performance", u.debug
    assert u.confidence >= CLARIFY_BELOW


@pytest.mark.parametrize(
    ("text", "frameworks", "aspect"),
    [("джанго или фласк?", ("django", "flask"), None),
     ("Как начать изучать фласк?", ("flask",), "learning"),
     ("Saya ingin belajar flask", ("flask",), "learning"),
     ("新人 向け の flask", ("flask",), "learning")],
)  # fmt: skip
def test_names_and_learning_words_in_the_languages_people_ask_in(
    understander: Understander, text: str, frameworks: tuple[str, ...], aspect: str | None
) -> None:
    """The frameworks as Russian writers spell them (джанго, фласк and its cases) and the
    learning aspect's words in other languages (изучать, belajar, 新人) are data."""
    u = read(understander, text)
    assert (u.frameworks, u.aspect) == (frameworks, aspect)


def test_whether_async_makes_it_faster_is_asked_of_async_performance(
    understander: Understander,
) -> None:
    """ "does async make it faster?" is the question of why async is not automatically
    faster, not a request to optimise; a CPU-heavy workload is part of that question."""
    for message in (
        "does fastapi's async make it faster than flask?",
        "our django views are cpu heavy, will async views help?",
    ):
        assert understander.understand(message).topics[0] == "async-performance"


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("Was sind die Nachteile von Django?", "cons"),
        ("какие минусы у flask", "cons"),
        ("какие подводные камни у django?", "cons"),  # "underwater stones": pitfalls
        ("Welche Fallstricke hat FastAPI?", "cons"),
        ("FastAPI的缺点是什么", "cons"),
        ("Quais são as vantagens do FastAPI?", "pros"),
        ("e o django, tem de bom o quê?", "pros"),  # "what does it have of good"
        ("¿y qué tiene de bueno fastapi?", "pros"),
        ("Djangoのメリットは?", "pros"),
        ("Flask'ın en sinir bozucu tarafları neler?", "cons"),  # "nerve-wracking"
        ("Flaskはどんな用途でよく使われますか？", "use_cases"),  # "what uses"
        ("Django के मुख्य फायदे बताओ", "pros"),  # "tell the main benefits"
        ("flask की कमियां क्या हैं?", "cons"),  # "what are the shortcomings"
        ("что бесит в django?", "cons"),  # "what annoys"
    ],
)
def test_strengths_and_weaknesses_asked_in_other_languages(
    understander: Understander, message: str, intent: str
) -> None:
    assert understander.understand(message).intent == intent


def test_a_framework_likened_to_another_is_not_used_together_with_it(
    understander: Understander,
) -> None:
    """ "with ... like django" likens FastAPI to Django; "fastapi with django" alone would
    name them used together. "features like an async ORM" likens nothing."""
    likened = understander.understand("does fastapi come with user auth like django does?")
    assert likened.topics[0] == "auth"
    together = understander.understand("can i run fastapi together with django?")
    assert together.topics[0] != "auth"
    such_as = understander.understand("django 4.1 has nice features like an async ORM")
    assert such_as.intent != "compare"


def test_everyday_words_for_geographic_data_name_the_gis_topic(understander: Understander) -> None:
    reading = understander.understand(
        "delivery app: store depots as latitude/longitude and find the nearby ones. "
        "which framework?"
    )
    assert reading.topics[0] == "gis"
    geo = understander.understand("anything built in for geo queries in django?")
    assert geo.topics[:1] == ("gis",)


def test_a_database_error_naming_a_missing_table_is_on_migrations(
    understander: Understander,
) -> None:
    """ "no such table", "relation does not exist": a migration not made or not run."""
    missing = understander.understand("django: OperationalError no such table: shop_order")
    assert missing.topics[:1] == ("migrations",)


def test_a_site_or_admin_wanted_in_a_language_is_on_internationalization(
    understander: Understander,
) -> None:
    french = understander.understand("can the django admin show up in french for our staff?")
    assert "i18n" in french.topics


def test_going_live_sets_the_scene_for_the_topic_asked_about(understander: Understander) -> None:
    """ "going live", "in prod" say when, beside the topic asked: they name deployment only
    when nothing else is asked."""
    docs = understander.understand("fastapi going live next week: how do we hide the openapi docs?")
    assert docs.topics[0] == "openapi"
    alone = understander.understand("what do i need to check before going live with django?")
    assert alone.topics[0] == "deployment"


def test_a_topic_named_by_a_figure_of_speech_comes_after_one_named_plainly(
    understander: Understander,
) -> None:
    """ "under the hood" is one of the foundations topic's weak words: beside "async views"
    it is a figure of speech; alone it still asks what the framework is built on."""
    beside = understander.understand(
        "does django do async views now or is it all sync under the hood"
    )
    assert beside.topics[:2] == ("async-views", "foundations")
    alone = understander.understand("what does fastapi use under the hood?")
    assert alone.topics == ("foundations",)


def test_a_model_of_an_ml_library_names_machine_learning(understander: Understander) -> None:
    """ "a pytorch model behind an http endpoint": the model is what is served, the
    endpoint how; machine learning, not building APIs."""
    reading = understander.understand("which framework to serve a tensorflow model over http?")
    assert reading.aspect == "ml"


def test_texts_without_marked_positions_share_one_empty_set() -> None:
    """Thousands of texts are cached normalised; an empty frozenset each, five a text, cost
    the start-up about 2 MB of its memory."""
    plain, other = normalize("is django fast"), normalize("what about flask")
    assert plain.hyphenated is other.hyphenated is plain.as_code is other.capitals
    assert normalize("flask-login and DI").hyphenated == frozenset({0})


def test_a_database_connection_per_request_names_connection_handling(
    understander: Understander,
) -> None:
    reading = understander.understand("flask opens a new db connection for each request, normal?")
    assert "orm" in reading.topics


def test_what_an_endpoint_returns_names_the_validation_of_its_output(
    understander: Understander,
) -> None:
    """A password hash mentioned in passing is what leaks, not what is asked about."""
    reading = understander.understand(
        "does fastapi filter what an endpoint returns? scared of leaking the password hash"
    )
    assert reading.topics[0] == "request-validation"


def test_a_loggers_dotted_name_is_not_the_same_words_in_a_sentence(
    understander: Understander,
) -> None:
    """ "django.security" is a logger; "django security releases" are releases."""
    releases = understander.understand("when are the next django security releases?")
    assert "logging" not in releases.topics
    logger = understander.understand("how do i silence django.security.DisallowedHost logs")
    assert "logging" in logger.topics


def test_work_done_every_night_is_a_background_task(understander: Understander) -> None:
    """ "logins and nightly reports": a job that runs on a schedule, weighed as one."""
    u = understander.understand("internal tool with logins and nightly reports: which framework?")
    assert "background-tasks" in u.topics


@pytest.mark.parametrize(
    ("text", "framework"),
    [
        # the claim's own sentence ends with "right?", another sentence follows
        ("django has no websockets, right? my lead keeps saying so", "django"),
        # confirmation asked for in so many words, in a later sentence
        ("pretty sure django has zero async support. can anyone confirm before the review",
         "django"),
    ],
)  # fmt: skip
def test_a_claim_put_up_to_be_checked_is_answered_from_the_facts(
    understander: Understander, text: str, framework: str
) -> None:
    u = understander.understand(text)
    assert (u.intent, u.frameworks) == ("describe", (framework,))


def test_whether_a_framework_does_something_automatically_asks_for_a_feature(
    understander: Understander,
) -> None:
    """Not a how-to out of scope: whether it has the feature, which its facts say."""
    u = understander.understand("is the openapi schema generated automatically by fastapi?")
    assert (u.intent, u.frameworks, u.topics[0]) == ("describe", ("fastapi",), "openapi")
    # ... and so is whether it does something by default
    default = understander.understand("is session data signed by default in flask?")
    assert (default.intent, default.frameworks) == ("describe", ("flask",))
    # ... but "what do i switch on" to get something done automatically is a how-to
    how = understander.understand(
        "my django site should pick the reader's language automatically. what do i switch on?"
    )
    assert "feature_asked" not in how.forms


@pytest.mark.parametrize(
    "text",
    [
        "does flask have anything like django's migrations?",
        "whats the django equivalent of fastapi's dependency injection",
        "flask tiene algo como el admin de django?",
        "is there something like the django orm for fastapi or is it sqlalchemy all the way",
        # the thing said before, pointed back to
        "flask-migrate runs alembic for us. is there anything like that for fastapi?",
        # ... or stood for after the framework
        "does flask ship an orm like the django one?",
    ],
)
def test_whether_one_has_what_another_is_known_for_is_a_question_on_it(
    understander: Understander, text: str
) -> None:
    """Not a comparison of the two: the other framework is only the yardstick."""
    assert understander.understand(text).intent == "describe"


@pytest.mark.parametrize(
    ("text", "asked_of"),
    [
        (
            "in flask we abort(404) when a record is missing. what's the django way?",
            "django",
        ),
        ("whats the django equivalent of flask blueprints", "django"),
        # ("it" might stand for django; the word after the name says which is asked)
        ("django views call get_object_or_404. what's the flask idiom for it?", "flask"),
        ("coming from django, how do i split flask routes across files?", "flask"),
        ("flask dev here: how do fastapi apps handle sessions?", "fastapi"),
        ("flask has before_request, how do i do that in fastapi", "fastapi"),
        ("any manage.py equivalent for fastapi, or is it all uvicorn commands?", "fastapi"),
        # a thing of one's, not its name, is the yardstick
        ("does fastapi have a manage.py equivalent?", None),
        # the cues disagree: a choice
        (
            "a django shop wanting typed endpoints. switch to fastapi or is there a django way",
            None,
        ),
        # the two weighed against each other
        ("coming from django, is flask's routing easier?", None),
        # the last sentence asks of one; the other was named before, as what was heard
        (
            "our cto says flask is abandonware since fastapi. does pallets still put out "
            "flask releases?",
            "flask",
        ),
        ("we run django at work. is flask still maintained or not?", "flask"),
        # a pronoun after the subject the last question opens with stands for that one
        (
            "we run flask for everything. does fastapi have a way to render html templates, "
            "or is that out of scope for it?",
            "fastapi",
        ),
        (
            "in flask we sprinkled abort(400) checks everywhere. in fastapi, where do rules "
            "like a max length go so i don't write those ifs?",
            "fastapi",
        ),  # "like" gives examples, "those" points back to no framework
        # "flask people" in the question are who is asked about, not the asker
        (
            "in django models live in models.py. in flask i see nothing like that. what do "
            "flask people use for an orm?",
            "flask",
        ),
        # ... unless it points back to what was named before
        ("fastapi is built on flask, isn't it? so flask extensions work with it?", None),
        # of three, the one the last question names alone
        (
            "django ships a test client and flask has app.test_client(). what do fastapi "
            "folks write their tests with?",
            "fastapi",
        ),
        # a move its last sentence weighs is no question on one of them
        (
            "we're a flask shop. the new project needs an admin and accounts. stay on flask "
            "or is it time for django",
            None,
        ),
        # a plural pronoun stands for no one framework
        (
            "our flask importer adds 20k rows with session.add_all. is there a django orm "
            "call that writes them in one query?",
            "django",
        ),
        # a move in a clause of its own sets the question after it ...
        (
            "in fastapi our get_db dependency commits once per request. moving to django: is "
            "each request one db transaction by default?",
            "django",
        ),
        # ... unless what follows speaks of the move
        (
            "team knows django. one dev says live dashboards mean rewriting in fastapi. is "
            "switching frameworks really required?",
            None,
        ),
    ],
)
def test_of_two_named_a_how_to_asks_about_the_one_not_known(
    understander: Understander, text: str, asked_of: str | None
) -> None:
    assert understander.understand(text).asked_of == asked_of


@pytest.mark.parametrize(
    "text",
    [
        "what are the weak points of flask? worried about how few maintainers it has",
        "what are the downsides of django, thinking about its release cycle",
    ],
)
def test_weaknesses_asked_on_a_dated_topic_are_still_weaknesses(
    understander: Understander, text: str
) -> None:
    """A topic on releases or maintenance does not turn "what are the downsides" into a
    question on which release."""
    assert understander.understand(text).intent == "cons"


def test_a_message_opening_with_its_own_question_is_no_complaint_about_the_answer(
    understander: Understander,
) -> None:
    """ "i said" here reports what the asker told someone, not what they told the bot."""
    u = understander.understand(
        "does flask have sessions built in? my lead asked and i said 'probably'"
    )
    assert u.intent == "describe"


@pytest.mark.parametrize(
    "text",
    [
        "coming from javascript, which of the three is quickest to pick up?",
        "i'm used to javascript, which of the three has the gentlest learning curve?",
    ],
)
def test_what_the_asker_comes_from_is_not_what_the_message_is_about(
    understander: Understander, text: str
) -> None:
    """The frontend language is the asker's background; the question is on ours."""
    assert understander.understand(text).intent != "out_of_scope"


def test_a_setting_that_is_ignored_is_a_failure_reported(understander: Understander) -> None:
    """ "ignored" is how people report that something has no effect: a bug, not praise for
    the "simple example" they give."""
    u = understander.understand(
        "CORS settings ignored when the app runs behind nginx in FastAPI. In this simple "
        "example the header never shows up."
    )
    assert u.reports_error
    assert u.intent == "out_of_scope"


@pytest.mark.parametrize(
    "text",
    [
        "¿qué framework nos recomiendas para una api con mucha carga? ya conocemos django",
        "welches framework empfehlt ihr für eine api mit viel last? wir kennen django schon",
    ],
)
def test_asking_for_a_recommendation_in_other_languages_asks_for_the_pick(
    understander: Understander, text: str
) -> None:
    """The framework the team knows is not one already chosen when they ask for advice."""
    assert understander.understand(text).intent == "recommend"


def test_an_equivalent_of_a_thing_of_its_own_likens_no_framework(
    understander: Understander,
) -> None:
    """The yardstick is "this package", not the framework named further on."""
    u = understander.understand(
        "any equivalent of this admin theme package out there for flask? django is too heavy"
    )
    assert u.intent == "compare"


def test_a_framework_given_as_an_example_is_no_yardstick(understander: Understander) -> None:
    """ "something like FastAPI" with no thing of FastAPI's: an example, as "such as"."""
    u = understander.understand(
        "our flask api struggles under load. something like fastapi would handle the "
        "concurrency better?"
    )
    assert u.intent == "compare"


def test_logging_out_is_about_auth_not_logging(understander: Understander) -> None:
    """ "logging out" holds the word "logging"; the longer phrase names what is asked."""
    u = understander.understand("upgraded django and logging out a user with a GET link broke")
    assert u.topics[0] == "auth"
    assert "logging" not in u.topics


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("which one has the biggest hiring market, django, flask or fastapi?", "best_for"),
        ("django flask fastapi: the safest of them for auth?", "best_for"),
        # no question mark, but "which" asks
        ("for someone new to web dev which is simplest to learn, django flask or fastapi",
         "best_for"),
        # no superlative: how they compare
        ("how do django, flask and fastapi differ on async?", "compare"),
        # a superlative of two words ("en iyi"), whose parts alone are none ("en": "in")
        ("django, flask, fastapi: hangisi en iyi api için?", "best_for"),
        ("django, flask y fastapi: diferencias en async?", "compare"),
        # a superlative in a statement, not a question for the best
        ("FastAPI is the best thing for APIs; Flask and Django feel heavy for async work",
         "compare"),
    ],
)  # fmt: skip
def test_the_best_of_all_three_for_a_need_is_asked_with_a_superlative(
    understander: Understander, text: str, intent: str
) -> None:
    assert understander.understand(text).intent == intent


@pytest.mark.parametrize(
    "text",
    ["FastAPI的优缺点是什么？", "ventajas y desventajas de django?", "flask: vor- und nachteile?"],
)
def test_strengths_and_weaknesses_asked_together_in_any_language_get_both_lists(
    understander: Understander, text: str
) -> None:
    assert "both_sides" in understander.understand(text).forms


def test_what_a_framework_is_used_for_in_indonesian_asks_its_use_cases(
    understander: Understander,
) -> None:
    assert understander.understand("fastapi biasanya dipakai buat apa?").intent == "use_cases"


@pytest.mark.parametrize(
    "text",
    [
        "does django still make sense for a new saas in 2026, or is it legacy now?",
        "플라스크는 어떤 종류의 앱을 만들 때 좋아요?",  # "what kind of apps is it good for"
    ],
)
def test_what_kind_of_projects_one_framework_suits_asks_its_use_cases(
    understander: Understander, text: str
) -> None:
    """The kinds of projects it suits, or where it still makes sense: use cases, however a
    description reads."""
    assert understander.understand(text).intent == "use_cases"


def test_asking_the_bot_if_it_is_alive_is_a_greeting_not_a_question_on_releases(
    understander: Understander,
) -> None:
    """ "alive" names a framework's releases when said of one; of the bot, it is hello."""
    assert understander.understand("morning bot, you still alive?").intent == "greet"
    assert understander.understand("is flask still alive?").intent == "describe"


@pytest.mark.parametrize(
    "text",
    [
        "when i type a query param as int in fastapi will it refuse 'abc' by itself, or is "
        "that my job",
        "flask's built-in server serves several requests at once by itself, or do i need gunicorn",
    ],
)
def test_whether_a_framework_does_it_by_itself_on_a_topic_its_facts_cover_asks_for_a_feature(
    understander: Understander, text: str
) -> None:
    """Topics outside the feature matrix count too, when the framework has facts on them."""
    assert understander.understand(text).intent == "describe"


@pytest.mark.parametrize(
    ("text", "intent", "framework"),
    [
        ("Django'nun eksileri neler?", "cons", "django"),
        ("Flask’ın artıları neler?", "pros", "flask"),
    ],
)
def test_a_name_with_a_turkish_case_ending_is_still_the_framework(
    understander: Understander, text: str, intent: str, framework: str
) -> None:
    u = understander.understand(text)
    assert (u.intent, u.frameworks) == (intent, (framework,))


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("you always recommend fastapi whatever i say, annoying", "help"),
        # a framework with something asked on it is a question, complaint or not
        ("not helpful. does flask have an admin?", "describe"),
    ],
)
def test_a_complaint_naming_a_framework_with_nothing_asked_on_it_is_about_the_answers(
    understander: Understander, text: str, intent: str
) -> None:
    assert understander.understand(text).intent == intent


def test_an_internal_tool_or_our_stack_is_the_askers_own_project(
    understander: Understander,
) -> None:
    """ "internal tool", "our backend": the asker's own project, so "X or Y?" asks for the pick."""
    u = understander.understand("small internal tool for the ops people, django or flask?")
    assert u.intent == "recommend"
    assert understander.understand("django or flask for a blog?").intent != "recommend"


def test_help_with_a_part_of_one_framework_is_a_question_on_it(understander: Understander) -> None:
    assert understander.understand("can you help me with flask sessions?").intent == "describe"
    assert understander.understand("can you help me?").intent == "help"


@pytest.mark.parametrize(
    ("text", "intent"),
    [("the django orm is a big plus tbh", "pros"), ("fastapi websockets feel half baked", "cons"),
     ("sell me on django, my cto hates it", "pros"), ("Was spricht gegen Flask?", "cons"),
     ("what bites people with django after a year?", "cons"),
     ("we used django for a realtime app and kept fighting the framework", "cons"),
     ("django hits a wall with websockets", "cons"),
     ("django in a 200-model codebase, where did it bite you", "cons")],
)  # fmt: skip
def test_everyday_praise_and_criticism_read_as_strengths_and_weaknesses(
    understander: Understander, text: str, intent: str
) -> None:
    assert understander.understand(text).intent == intent


def test_a_choice_between_two_things_of_an_aspect_is_no_framework_choice(
    understander: Understander,
) -> None:
    """ "postgres or mysql for a new project?" names none of ours: the pick is a database."""
    assert understander.understand("mysql vs postgres for a new project?").intent == (
        "out_of_scope"
    )
    assert understander.understand("flask or django for our project?").intent == "recommend"


def test_without_extra_packages_asks_whether_it_is_built_in(understander: Understander) -> None:
    """Which of ours does it without extra packages: which has the feature, not a pick."""
    u = understander.understand("which of the three does admin pages without extra packages?")
    assert "feature_asked" in u.forms
    # ... and so does whether it is in core or a third-party package, "3rd" spelt so
    core = understander.understand("is rate limiting in flask core or a 3rd party package?")
    assert "feature_asked" in core.forms


def test_chat_spellings_read_as_the_words_they_stand_for(understander: Understander) -> None:
    """ "what would u use" asks for a pick as "what would you use" does."""
    u = understander.understand("bookshop with logins and a stock admin, what would u use?")
    assert "asks_pick" in u.forms
    assert u.intent == "recommend"


def test_the_files_a_site_serves_name_static_files_under_deployment(
    understander: Understander,
) -> None:
    """ "in flask do i write a route that sends my css/js files?": static files, asked in
    the words of one who has them, are deployment's topic (where static files are served)."""
    u = understander.understand("in flask do i have to write a route that sends my css/js files?")
    assert "deployment" in u.topics
    assert understander.understand("flask static assets, any built-in way?").topics[:1] == (
        "deployment",
    )


def test_pushing_to_the_browser_without_a_refresh_names_websockets(
    understander: Understander,
) -> None:
    """What WebSockets are for, said by one who needs it ("push a message to all browsers
    without page refresh"), names them: a question on Flask's facts, not a pick to guide."""
    u = understander.understand(
        "i build a small quiz game with flask. need server push to all browsers at the same "
        "time without page refresh. can flask do this alone?"
    )
    assert u.topics[:1] == ("websockets",)
    assert u.intent != "recommend"


def test_the_admin_described_by_what_it_does_names_the_admin(
    understander: Understander,
) -> None:
    """ "ops wants a web ui to browse and fix rows, am i hand-building CRUD screens?": what an
    admin does, said by one who needs it, names the admin topic."""
    u = understander.understand(
        "ops wants a web ui to browse and fix rows in our flask app's tables. do i hand-build "
        "crud screens?"
    )
    assert u.topics[:1] == ("admin",)
    edit = understander.understand("a page where the non tech team can edit database rows?")
    assert "admin" in edit.topics


def test_a_script_tag_shown_as_text_names_the_protection_against_xss(
    understander: Understander,
) -> None:
    """ "someone put <script>alert(1)</script> in their bio and it just printed as text, why?":
    the escaping that stops XSS, said by one who saw it, not profiling ("profile bio")."""
    u = understander.understand(
        "someone set their profile bio to <script>alert(1)</script> on our flask site and it "
        "just printed the text. why?"
    )
    assert u.topics[:1] == ("security-protection",)


@pytest.mark.parametrize(
    ("message", "picks"),
    [
        # A sentence of the asker's own before the one setting ours against each other.
        (
            "we run the kiosk software for a museum, it must keep working for years. "
            "django or flask for that?",
            True,
        ),
        (
            "my side gig is a booking page for a yoga studio. stick with flask or go django?",
            True,
        ),
        # Who the asker is, said with no pronoun, is theirs too; "for a beginner" is not.
        (
            "final-year cs student, job fairs next month. flask or django for the portfolio?",
            True,
        ),
        ("a total beginner who just did a python course? flask or django", False),
        # An "or" that restates, or one beside a weighing word, asks no pick.
        ("our ops folks love the django admin. does flask ship one or do we write our own?", False),
        ("we host on fly.io. does flask or fastapi start faster there?", False),
    ],
)
def test_a_sentence_about_oneself_before_a_choice_between_ours_asks_for_the_pick(
    understander: Understander, message: str, picks: bool
) -> None:
    """What the asker says of their own situation ("we run ...", "my side gig ...") before
    setting frameworks against each other with "or" asks which they should pick."""
    assert (understander.understand(message).intent == "recommend") is picks


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("can you summarize yesterday's standup thread", "out_of_scope"),
        ("can you draft a polite out-of-office reply for me, back on the 8th", "out_of_scope"),
        # asked of what the bot does, help however weakly read
        ("what can you do", "help"),
        ("how do i use this bot?", "help"),
    ],
)
def test_a_task_asked_of_the_bot_is_out_of_scope_not_help(
    understander: Understander, text: str, intent: str
) -> None:
    assert understander.understand(text).intent == intent
