from django import forms

from ouvrage.national.services import SUFFIXES


class PublishedFileForm(forms.Form):
    file = forms.FileField(
        label="Fichier open_data_par_essms de la HAS",
        help_text="Un fichier .parquet, .xlsx ou .csv de 64 Mo au plus, téléchargé sur data.gouv.fr.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )
