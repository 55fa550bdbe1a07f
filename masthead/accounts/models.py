"""One reader account for every title of the group, keyed by email address."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.pop("username", None)
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.pop("username", None)
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.email


class ReaderProfile(models.Model):
    """What a reader tells us about themselves: a name and what they like to read."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="reader_profile")
    name = models.CharField(_("name"), max_length=150, blank=True)
    preferred_publications = models.ManyToManyField(
        "news.PublicationPage", blank=True, related_name="+", verbose_name=_("preferred titles")
    )
    preferred_topics = models.ManyToManyField(
        "news.Topic", blank=True, related_name="+", verbose_name=_("preferred topics")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reader profile")

    def __str__(self):
        return self.name or self.user.email

    @property
    def has_preferences(self):
        return self.preferred_publications.exists() or self.preferred_topics.exists()
