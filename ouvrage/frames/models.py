"""Evaluation frames (cadres d'évaluation) as data: versioned and hierarchical.

The HAS référentiel is one frame; a frame owned by no organisation is shared by all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property

from ouvrage.core.storage import private_storage
from ouvrage.establishments.profile import Public
from ouvrage.frames.applicability import Scope, SectorScope, StructureScope
from ouvrage.frames.domain import METHOD_LABELS, Method, ProofKind, Target
from ouvrage.frames.scoring import ScoringRules

if TYPE_CHECKING:
    from ouvrage.organisations.models import Organisation

METHOD_CHOICES = [(m.value, m.label) for m in Method]


class FrameQuerySet(models.QuerySet["Frame"]):
    def for_organisation(self, organisation: Organisation | None) -> FrameQuerySet:
        """Shared frames and the organisation's own."""
        return self.filter(Q(organisation__isnull=True) | Q(organisation=organisation))


class Frame(models.Model):
    slug = models.SlugField("identifiant", max_length=64, unique=True)
    name = models.CharField("nom", max_length=300)
    publisher = models.CharField("éditeur", max_length=200, blank=True)
    description = models.TextField(blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="frames",
        help_text="Vide pour un cadre partagé (référentiel HAS, extensions publiées).",
    )
    extends = models.CharField("complète le cadre", max_length=64, blank=True)
    mandatory = models.BooleanField(
        "évaluation obligatoire",
        default=False,
        help_text="Tout établissement est évalué selon ce cadre (le référentiel HAS) ; dit par ses données.",
    )

    objects = FrameQuerySet.as_manager()

    class Meta:
        verbose_name = "cadre d'évaluation"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FrameVersionQuerySet(models.QuerySet["FrameVersion"]):
    def for_organisation(self, organisation: Organisation | None) -> FrameVersionQuerySet:
        return self.filter(Q(frame__organisation__isnull=True) | Q(frame__organisation=organisation))

    def latest_of(self, slug: str) -> FrameVersion | None:
        return self.filter(frame__slug=slug).order_by("-published_on", "-id").first()

    def mandatory(self) -> FrameVersionQuerySet:
        """Versions of the frames every establishment is evaluated against (from the frame data)."""
        return self.filter(frame__mandatory=True, frame__organisation__isnull=True)


class FrameVersion(models.Model):
    frame = models.ForeignKey(Frame, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField("version", max_length=40)
    published_on = models.DateField("publiée le", null=True, blank=True)
    attribution = models.TextField("source", blank=True)
    notes = models.TextField(blank=True)
    source_title = models.CharField("document source", max_length=300, blank=True)
    source_note = models.TextField("fiabilité de la source", blank=True)
    format_version = models.PositiveSmallIntegerField(default=1)
    checksum = models.CharField(max_length=64, blank=True)
    scoring = models.JSONField("règles de calcul", default=dict, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    objects = FrameVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "version de cadre"
        constraints = [models.UniqueConstraint(fields=["frame", "label"], name="unique_frame_version_label")]

    def __str__(self) -> str:
        return f"{self.frame.name} — version {self.label}"

    @cached_property
    def rules(self) -> ScoringRules:
        """The frame's scoring section, read once: answer style, rounding, scales."""
        return ScoringRules.from_data(self.scoring)


class Chapter(models.Model):
    version = models.ForeignKey(FrameVersion, on_delete=models.CASCADE, related_name="chapters")
    code = models.CharField(max_length=32)
    title = models.CharField("titre", max_length=300)
    method = models.CharField("méthode", max_length=32, choices=METHOD_CHOICES, blank=True)
    targets = models.JSONField("cibles d'entretien", default=list)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_chapter_code")]

    def __str__(self) -> str:
        return f"Chapitre {self.code} – {self.title}"


class Theme(models.Model):
    version = models.ForeignKey(FrameVersion, on_delete=models.CASCADE, related_name="themes")
    code = models.CharField(max_length=32)
    title = models.CharField("titre", max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_theme_code")]

    def __str__(self) -> str:
        return self.title


class Objective(models.Model):
    version = models.ForeignKey(FrameVersion, on_delete=models.CASCADE, related_name="objectives")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="objectives")
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="objectives"
    )
    code = models.CharField(max_length=32)
    title = models.TextField("intitulé", blank=True)
    sources = models.JSONField(default=dict)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_objective_code")]

    def __str__(self) -> str:
        return f"Objectif {self.code}"


class CriterionQuerySet(models.QuerySet["Criterion"]):
    def with_hierarchy(self) -> CriterionQuerySet:
        return self.select_related("objective__chapter", "objective__theme")


class Criterion(models.Model):
    version = models.ForeignKey(FrameVersion, on_delete=models.CASCADE, related_name="criteria")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=32)
    title = models.TextField("libellé")
    title_complete = models.BooleanField("libellé complet", default=True)
    imperative = models.BooleanField("impératif", default=False)
    sector_scope = models.CharField(max_length=20, default=SectorScope.ALL.value)
    structure_scope = models.CharField(max_length=20, default=StructureScope.ALL.value)
    publics_scope = models.JSONField(default=list, help_text="Vide : tous publics.")
    method = models.CharField("méthode", max_length=32, choices=METHOD_CHOICES, blank=True)
    targets = models.JSONField("cibles d'entretien", default=list)
    elements_complete = models.BooleanField("éléments d'évaluation connus", default=True)
    sources = models.JSONField(default=dict)
    position = models.PositiveIntegerField(default=0)
    rewords = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rewordings",
        verbose_name="reformule le critère officiel",
    )

    objects = CriterionQuerySet.as_manager()

    class Meta:
        verbose_name = "critère"
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_criterion_code")]

    def __str__(self) -> str:
        return f"Critère {self.code}"

    @property
    def scope(self) -> Scope:
        return Scope(
            SectorScope(self.sector_scope),
            StructureScope(self.structure_scope),
            frozenset(Public(p) for p in self.publics_scope),
        )

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[Method(self.method)] if self.method else ""

    @property
    def target_labels(self) -> list[str]:
        return [Target(t).label for t in self.targets]

    @property
    def interview_labels(self) -> list[str]:
        return [Target(t).interview for t in self.targets]


class Element(models.Model):
    """Élément d'évaluation: the scored unit."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="elements")
    rank = models.PositiveIntegerField("rang")
    text = models.TextField("texte")
    target = models.CharField("cible", max_length=32, blank=True)
    placeholder = models.BooleanField(
        "provisoire",
        default=False,
        help_text="Élément unique reprenant le libellé, en attendant la grille officielle.",
    )
    retired = models.BooleanField(
        "retiré",
        default=False,
        help_text="N'est plus dans les données du cadre ; gardé parce que des cotations ou des preuves y renvoient.",
    )
    sources = models.JSONField(default=dict)

    class Meta:
        verbose_name = "élément d'évaluation"
        ordering = ["criterion", "rank"]
        constraints = [models.UniqueConstraint(fields=["criterion", "rank"], name="unique_element_rank")]

    def __str__(self) -> str:
        return f"{self.criterion.code} E.E. {self.rank}"

    @property
    def target_label(self) -> str:
        return Target(self.target).interview if self.target else ""


class Proof(models.Model):
    """What the evaluator consults for a criterion: a document or an observation, as the frame data
    prints it (« Ce que l'évaluateur consultera »)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="proofs")
    rank = models.PositiveIntegerField("rang")
    kind = models.CharField(
        "type", max_length=20, choices=[(k.value, k.label) for k in ProofKind], default=ProofKind.DOCUMENT
    )
    text = models.TextField("texte")
    sources = models.JSONField(default=dict)

    class Meta:
        verbose_name = "document ou observation consulté"
        ordering = ["criterion", "rank"]
        constraints = [models.UniqueConstraint(fields=["criterion", "rank"], name="unique_proof_rank")]

    def __str__(self) -> str:
        return f"{self.criterion.code} consultation {self.rank}"


class Reference(models.Model):
    """A reference printed beside a criterion (RBPP, legal texts…), under its section heading."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="references")
    rank = models.PositiveIntegerField("rang")
    section = models.CharField("rubrique", max_length=120)
    text = models.TextField("texte")
    sources = models.JSONField(default=dict)

    class Meta:
        verbose_name = "référence"
        ordering = ["criterion", "rank"]
        constraints = [models.UniqueConstraint(fields=["criterion", "rank"], name="unique_reference_rank")]

    def __str__(self) -> str:
        return f"{self.criterion.code} référence {self.rank}"


class FrameUpdate(models.Model):
    """What an update of a frame version's data did to the evaluations already graded: elements
    reworded, provisional elements replaced, elements added, elements kept aside (never a grade
    deleted). Shown to the administrators."""

    version = models.ForeignKey(FrameVersion, on_delete=models.CASCADE, related_name="updates")
    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    report = models.JSONField(default=dict)

    class Meta:
        verbose_name = "mise à jour de cadre"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.version} — {self.created_at:%d/%m/%Y}"


class UploadKind(models.TextChoices):
    XLSX = "xlsx", "Fichier Excel de la HAS (compléter une version)"
    FOLDER = "folder", "Fichiers d'une version du cadre (archive .zip)"


class FrameUpload(models.Model):
    """A file an administrator loads from the interface: read and checked at once, shown as a preview
    of what would change, applied on confirmation (once)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="frame_uploads"
    )
    kind = models.CharField("type", max_length=10, choices=UploadKind.choices)
    version = models.ForeignKey(
        FrameVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="uploads"
    )
    file = models.FileField(storage=private_storage, upload_to="frame-uploads/", blank=True)
    file_name = models.CharField(max_length=200)
    preview = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    update = models.ForeignKey(
        FrameUpdate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "fichier de cadre chargé"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name
