from collections.abc import Iterator

import pytest
from django.test import override_settings


@pytest.fixture(scope="module", autouse=True)
def _media_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The test world uploads a document; keep it out of the project's media folder."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield
