from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils import timezone

from twitchdiary.lib.forms import DateInput, IntegerTextField

from .models import Profile, timezone_choices


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
        ]
        widgets = {"date_of_birth": DateInput()}
        field_classes = dict.fromkeys(
            ("coffee_mg", "espresso_mg", "tea_mg", "energy_drink_mg", "cola_mg", "glass_ml")
            + ("bottle_ml",),
            IntegerTextField,
        )
        help_texts = {
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
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save profile"))

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

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(
            Submit("delete", "Delete my account and all my data", css_class="btn-danger")
        )

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.", code="password_incorrect")
        return password
