"""The demo in Welsh: the home page and the demo consultation, with its Gunning
information, translated as an editor would with "Translate" in the admin (Wagtail's
simple_translation: a copy in the Welsh page tree, then edited and published). Every other
page shows in English under /cy/ and says it is not translated yet.

For review by a Welsh speaker, like the interface catalogue (locale/cy/GLOSSARY.md).
Idempotent: a page already translated is left as it is.
"""

from typing import Any

from wagtail.models import Locale, Page

from cms.models import ConsultationPage, HomePage

HOME = {
    "title": "Hearth",
    "introduction": (
        "Hearth yw’r lle mae pobl sy’n cael gofal a chymorth, gofalwyr di-dâl, gweithwyr "
        "gofal a staff y cyngor yn llunio’r gwaith o ddiwygio gofal cymdeithasol i oedolion "
        "gyda’i gilydd, fel pobl gyfartal."
    ),
}
CONSULTATIONS_INDEX = {"title": "Ymgynghoriadau"}
CONSULTATION = {
    "title": "Gofal yn y cartref a chymorth i ofalwyr di-dâl",
    "summary": (
        "Gofynnon ni sut y dylai gofal yn y cartref newid, a beth sydd ei angen ar ofalwyr "
        "di-dâl, cyn i’r cyngor osod ei gynlluniau ar gyfer y deng mlynedd nesaf."
    ),
    "open_to_change": (
        "Faint mae gweithwyr gofal yn cael eu talu, sut mae seibiannau gofalwyr yn cael eu "
        "trefnu, a pha addasiadau i’r cartref sy’n dod gyntaf. Nid oes dim yma wedi’i "
        "benderfynu."
    ),
    "already_decided": "Cafodd cyfanswm y gyllideb ar gyfer 2026 i 2027 ei osod ym mis Chwefror.",
    "background": "<p>Mae gan Northshire 9,000 o ofalwyr di-dâl a 2,400 o weithwyr gofal.</p>",
    "options": (
        "<ul><li>talu’r cyflog byw go iawn i weithwyr gofal</li>"
        "<li>seibiant wedi’i warantu i bob gofalwr di-dâl</li>"
        "<li>addasiadau cyflymach i’r cartref</li></ul>"
    ),
    "costs_and_impacts": "<p>Gyda’i gilydd mae’r opsiynau’n costio tua £6m y flwyddyn.</p>",
    "what_we_heard": (
        "<p>Dywedodd gofalwyr wrthym ei bod yn anodd dod o hyd i seibiannau, a’u bod yn aml "
        "yn cael eu canslo. Dywedodd gweithwyr gofal wrthym fod cyflog isel yn gwneud iddyn "
        "nhw adael.</p>"
    ),
    "what_we_decided": (
        "<p>Mabwysiadodd y bwrdd y fargen newydd i ofalwyr di-dâl, gyda newidiadau.</p>"
    ),
    "area_mix_source": "Ffigurau wedi’u creu ar gyfer yr arddangosiad hwn",
}


def _in_welsh(page: Page, fields: dict[str, Any], welsh: Locale) -> Page:
    """The page's Welsh translation, made and published with ``fields`` if missing. Its
    parents are translated first (their titles as the English until an editor changes
    them), as the admin's Translate does."""
    existing = page.get_translation_or_none(welsh)
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(welsh, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


def seed_welsh_demo(*, consultation: ConsultationPage) -> None:
    welsh = Locale.objects.get(language_code="cy")
    home = HomePage.objects.get(pk=consultation.get_site().root_page_id)
    _in_welsh(home, HOME, welsh)
    index = consultation.get_parent().specific
    _in_welsh(index, CONSULTATIONS_INDEX, welsh)
    _in_welsh(consultation, CONSULTATION, welsh)
