"""The readability helpers measure what they claim to, so the template checks can fail."""

from tests.support.readability import (
    flesch_reading_ease,
    jargon_in,
    sentences,
    syllables,
    visible_text,
)


def test_visible_text_leaves_out_template_syntax_scripts_and_user_content() -> None:
    source = (
        "{% extends 'base.html' %}{# a note #}<h1>Your details</h1>"
        "<p>Hello {{ user.display_name }}, welcome back.</p>"
        "<script>var secret = 1;</script><img src='x.png' alt='A cup of tea'>"
        "{% comment %}Not shown{% endcomment %}<p>Sign <strong>in</strong> now.</p>"
    )
    assert visible_text(source) == [
        "Your details",
        "Hello , welcome back.",
        "A cup of tea",
        "Sign in now.",
    ]


def test_syllables_are_counted_by_vowel_groups() -> None:
    assert [syllables(w) for w in ("care", "people", "support", "consultation")] == [1, 2, 2, 4]


def test_plain_english_scores_higher_than_officialese() -> None:
    plain = sentences(["We want to hear from you. Tell us what works. It takes ten minutes."])
    officialese = sentences(
        [
            "Stakeholders are invited to contribute observations regarding the implementation "
            "of integrated commissioning arrangements prior to finalisation of the strategy."
        ]
    )
    assert flesch_reading_ease(plain) > 80
    assert flesch_reading_ease(officialese) < 30


def test_jargon_is_found_as_whole_words_with_what_to_say_instead() -> None:
    found = dict(jargon_in("Service users will utilise the portal in order to commence."))
    assert found["service users"] == "people who draw on care and support"
    assert found["utilise"] == "use"
    assert found["in order to"] == "to"
    assert found["commence"] == "start"
    assert jargon_in("The facilitator hid this message.") == []
