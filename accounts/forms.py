from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    UserCreationForm,
)
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils import timezone

from twitchdiary.lib.forms import DateInput, IntegerTextField

from . import throttle
from .models import Profile, push_configured, timezone_choices


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        required=False,
        help_text="Optional. Only used to reset your password if you forget it.",
    )
    # Filled in by the browser (static/js/timezone.js); editable later in the profile.
    timezone = forms.CharField(initial="UTC", required=False, widget=forms.HiddenInput)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Hidden, so it must never fail: clean_timezone() falls back to UTC instead.
        self.fields["timezone"].validators = []
        self.helper = FormHelper()
        self.helper.add_input(Submit("signup", "Create my diary"))

    def clean_timezone(self):
        # A hidden field cannot show an error: an unknown zone falls back to UTC.
        value = self.cleaned_data.get("timezone")
        return value if value in dict(timezone_choices()) else "UTC"

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            Profile.objects.update_or_create(
                user=user, defaults={"timezone": self.cleaned_data["timezone"]}
            )
        return user


class LoginForm(AuthenticationForm):
    """Django's login form, refusing a username longer than any account can have.

    Django only sets the input's maxlength; without a check here a longer name
    reaches django-axes, whose record of failed attempts holds 255 characters,
    and PostgreSQL answers with an error (a 500) instead of "wrong password".
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class ProfileForm(forms.ModelForm):
    # Saved on the user (Django keeps the address there); needed for e-mail reminders.
    email = forms.EmailField(
        label="E-mail address",
        required=False,
        help_text="Used for your daily reminder and to reset your password.",
    )
    timezone = forms.ChoiceField(
        choices=timezone_choices,
        label="Time zone",
        help_text="Your days start and end at midnight in this time zone.",
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "timezone",
            "fluid_unit",
            "date_of_birth",
            "coffee_mg",
            "espresso_mg",
            "tea_mg",
            "energy_drink_mg",
            "cola_mg",
            "glass_ml",
            "bottle_ml",
            "reminder_time",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        field_classes = dict.fromkeys(
            ("coffee_mg", "espresso_mg", "tea_mg", "energy_drink_mg", "cola_mg", "glass_ml")
            + ("bottle_ml",),
            IntegerTextField,
        )
        help_texts = {
            "reminder_time": "Optional. A reminder at this time (HH:MM, your time zone) on days "
            "you have not logged yet. Leave empty for no reminders.",
            "display_name": "Shown on your doctor report. Initials are fine.",
            "date_of_birth": "Optional. Printed on your doctor report if you give it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("coffee_mg", "espresso_mg", "tea_mg", "energy_drink_mg", "cola_mg"):
            self.fields[name].unit = "mg"
            self.fields[name].validators += [
                MinValueValidator(1, message="Enter at least 1 mg."),
                MaxValueValidator(1000, message="Enter at most 1,000 mg."),
            ]
        for name in ("glass_ml", "bottle_ml"):
            self.fields[name].unit = "ml"
            self.fields[name].validators += [
                MinValueValidator(1, message="Enter at least 1 ml."),
                MaxValueValidator(5000, message="Enter at most 5,000 ml."),
            ]
        self.fields["reminder_time"].input_formats = ["%H:%M", "%H:%M:%S"]
        self.fields["reminder_time"].error_messages["invalid"] = (
            "Enter a time as hours and minutes, for example 20:00."
        )
        # The page's push.js subscribes this browser with it (empty: e-mail only, no choice).
        self.vapid_public_key = settings.VAPID_PUBLIC_KEY if push_configured() else ""
        if self.vapid_public_key:
            # Not in Meta.fields: a backup's profile settings never include it.
            self.fields["reminder_channel"] = forms.ChoiceField(
                label="Send the reminder by",
                choices=Profile.ReminderChannel.choices,
                widget=forms.RadioSelect,
                # A post without it (a backup's import) keeps the current channel.
                required=False,
                help_text="A push notification needs this browser's permission; if no device "
                "can receive it, the reminder comes by e-mail.",
            )
            self.initial.setdefault("reminder_channel", self.instance.reminder_channel)
        self.initial.setdefault("email", self.instance.user.email if self.instance.pk else "")
        # The e-mail address comes before the time zone and the reminder at the end.
        self.order_fields(["display_name", "email"])
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save profile"))

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("reminder_channel") or self.instance.reminder_channel
        by_push = "reminder_channel" in self.fields and channel == Profile.ReminderChannel.PUSH
        if cleaned.get("reminder_time") and not by_push and not cleaned.get("email"):
            self.add_error(
                "email",
                forms.ValidationError(
                    "Enter your e-mail address to get daily reminders, or clear the reminder time.",
                    code="reminder_needs_email",
                ),
            )
        return cleaned

    def save(self, commit=True):
        profile = super().save(commit=False)
        if commit:
            # Only the form's fields: never write back a stale data_version or session_epoch.
            fields = list(self.Meta.fields)
            if self.cleaned_data.get("reminder_channel"):
                profile.reminder_channel = self.cleaned_data["reminder_channel"]
                fields.append("reminder_channel")
            profile.save(update_fields=fields)
            user = profile.user
            if user.email != self.cleaned_data["email"]:
                user.email = self.cleaned_data["email"]
                user.save(update_fields=["email"])
        return profile

    def clean_date_of_birth(self):
        dob = self.cleaned_data.get("date_of_birth")
        if dob and dob > timezone.localdate():
            raise forms.ValidationError("The date of birth is in the future.", code="future")
        if dob and dob.year < 1900:
            raise forms.ValidationError("Enter a date of birth after 1900.", code="too_old")
        return dob


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is you.",
    )

    def __init__(self, *args, user, request=None, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(
            Submit("delete", "Delete my account and all my data", css_class="btn-danger")
        )

    def clean_password(self):
        password = self.cleaned_data["password"]
        throttle.check_password(
            self.request, self.user, password, wrong_message="That is not your password."
        )
        return password


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Django's form; a wrong old password counts as a failed log-in (see accounts.throttle)."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        password = self.cleaned_data["old_password"]
        throttle.check_password(
            self.request,
            self.user,
            password,
            wrong_message=self.error_messages["password_incorrect"],
        )
        return password


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's form, sending no more than a few mails an hour per address and per client.

    Over the limit nothing is sent, and the page that follows says the same as always, so
    it tells nobody whether an account has that address or how often it was asked for."""

    def save(self, *args, request=None, **kwargs):
        if throttle.reset_mail_allowed(request, self.cleaned_data["email"]):
            super().save(*args, request=request, **kwargs)
