"""Who is reading: placeholder until the paywall lands (issue: metered paywall)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Reader:
    user_id: int | None
    is_staff: bool


def reader_for_request(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return Reader(user_id=user.pk, is_staff=user.is_staff)
    return Reader(user_id=None, is_staff=False)
