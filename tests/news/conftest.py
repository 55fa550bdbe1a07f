import pytest
from django.core.files.images import ImageFile
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file


@pytest.fixture
def make_image(db):
    """A real (tiny) uploaded picture, for hero images and renditions."""

    def build(title="Harbour at dawn"):
        return Image.objects.create(title=title, file=ImageFile(get_test_image_file().file, name="harbour.png"))

    return build
