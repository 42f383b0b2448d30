# family: web-config
# label: good
# source: own
# rule: python/modelform-all-fields
from django import forms

from accounts.models import Profile


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name", "bio", "avatar"]
