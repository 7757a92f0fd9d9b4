"""Every kind of change Ouvrage records, with the words the journal of changes shows.

The stored value (`rating.saved`) never changes once used: old journal rows keep their meaning.
"""

from django.db import models


class AuditAction(models.TextChoices):
    # accounts
    USER_DEACTIVATED = "user.deactivated", "Compte désactivé"
    USER_REACTIVATED = "user.reactivated", "Compte réactivé"
    USER_SCOPE_CHANGED = "user.scope_changed", "Rôle ou établissements d'un compte modifiés"
    USER_SESSIONS_ENDED = "user.sessions_ended", "Sessions d'un compte fermées"
    INVITATION_SENT = "invitation.sent", "Invitation envoyée"
    INVITATION_RESENT = "invitation.resent", "Invitation renvoyée"
    INVITATION_CANCELLED = "invitation.cancelled", "Invitation annulée"
    INVITATION_ACCEPTED = "invitation.accepted", "Invitation acceptée : compte créé"
    ORGANISATION_OPENED = "organisation.opened", "Organisme ouvert dans Ouvrage"
    ORGANISATION_SECURITY_CHANGED = (
        "organisation.security_changed",
        "Règle de double authentification modifiée",
    )
    ACCESS_REFUSED = "access.refused", "Accès refusé"
    # establishments
    ESTABLISHMENT_CREATED = "establishment.created", "Établissement créé"
    ESTABLISHMENT_UPDATED = "establishment.updated", "Établissement modifié"
    ESTABLISHMENT_LOGO_CHANGED = "establishment.logo_changed", "Logo de l'établissement changé"
    # frames
    FRAME_VERSION_IMPORTED = "frame_version.imported", "Cadre d'évaluation importé"
    FRAME_VERSION_UPDATED = "frame_version.updated", "Cadre d'évaluation mis à jour"
    FRAME_VERSION_COMPLETED = "frame_version.completed_from_xlsx", "Cadre complété depuis un tableur"
    FRAME_FILE_LOADED = "frame_file.loaded", "Fichier de cadre chargé (aperçu)"
    # campaigns
    CAMPAIGN_CREATED = "campaign.created", "Évaluation créée"
    CAMPAIGN_FRAMES_CHANGED = "campaign.frames_changed", "Cadres évalués modifiés"
    CAMPAIGN_UPDATED = "campaign.updated", "Évaluation modifiée"
    CAMPAIGN_STARTED = "campaign.started", "Évaluation commencée (ce qui s'applique est fixé)"
    CAMPAIGN_CLOSED = "campaign.closed", "Évaluation clôturée"
    CAMPAIGN_REOPENED = "campaign.reopened", "Évaluation rouverte"
    CAMPAIGN_ARCHIVED = "campaign.archived", "Évaluation archivée"
    CAMPAIGN_ABANDONED = "campaign.abandoned", "Évaluation abandonnée"
    CAMPAIGN_DELETED = "campaign.deleted", "Évaluation supprimée"
    PERSON_CREATED = "person.created", "Personne accompagnée enregistrée"
    INTERVIEW_PLANNED = "interview.planned", "Entretien planifié"
    RATING_SAVED = "rating.saved", "Cotation enregistrée"
    GRID_IMPORTED = "grid.imported", "Grilles importées d'un tableur"
    # evidence
    EVIDENCE_ADDED = "evidence.added", "Preuve ajoutée"
    EVIDENCE_CITED = "evidence.cited", "Preuve citée"
    EVIDENCE_UNCITED = "evidence.uncited", "Citation de preuve retirée"
    EVIDENCE_LINKED = "evidence.linked", "Preuve liée à ce que l'évaluateur consultera"
    EVIDENCE_UNLINKED = "evidence.unlinked", "Preuve déliée de ce que l'évaluateur consultera"
    # actions
    ACTION_CREATED = "action.created", "Action créée"
    ACTION_UPDATED = "action.updated", "Action modifiée"
    ACTION_NOTE_ADDED = "action.note_added", "Avancement noté"
    # documents
    REPORT_REQUESTED = "report.requested", "Document demandé"
    # own frame
    OWN_FRAME_CREATED = "own_frame.created", "Cadre propre créé"
    OWN_QUESTION_SAVED = "own_question.saved", "Question propre enregistrée"
    CROSSWALK_SET = "crosswalk.set", "Liens avec les critères HAS modifiés"
    EVALUATIVE_ANSWER_SAVED = "evaluative_answer.saved", "Réponse de l'équipe enregistrée"
    MISSION_ADDED = "mission.added", "Mission ajoutée"
    NEED_ADDED = "need.added", "Besoin ajouté"
    VALUE_ADDED = "value.added", "Valeur ajoutée"
    SESSION_RECORDED = "session.recorded", "Séance collective enregistrée"
    # real work
    WORK_GAP_RECORDED = "work_gap.recorded", "Écart noté dans le journal du travail réel"
    # adverse events and CREX
    ADVERSE_EVENT_DECLARED = "adverse_event.declared", "Événement indésirable déclaré"
    ADVERSE_EVENT_QUALIFIED = "adverse_event.qualified", "Événement indésirable qualifié"
    ADVERSE_EVENT_ANALYSED = "adverse_event.analysed", "Analyse d'un événement indésirable enregistrée"
    ADVERSE_EVENT_ACTION_DECIDED = (
        "adverse_event.action_decided",
        "Action décidée après un événement indésirable",
    )
    ADVERSE_EVENT_AUTHORITIES = "adverse_event.authorities", "Déclaration d'un événement aux autorités notée"
    ADVERSE_EVENT_CLOSED = "adverse_event.closed", "Événement indésirable clos, retour au déclarant"
    CREX_RECORDED = "crex.recorded", "CREX (retour d'expérience) enregistré"
    # reporting burden
    REPORTING_DUTY_CREATED = "reporting_duty.created", "Obligation de reporting ajoutée"
    REPORTING_DUTY_UPDATED = "reporting_duty.updated", "Obligation de reporting modifiée"
    REPORTING_DUTY_DELETED = "reporting_duty.deleted", "Obligation de reporting retirée"
    # surveys
    SURVEY_CREATED = "survey.created", "Questionnaire créé"
    SURVEY_OPENED = "survey.opened", "Questionnaire ouvert aux réponses"
    SURVEY_CLOSED = "survey.closed", "Questionnaire fermé"
    SURVEY_LINK_RENEWED = "survey.link_renewed", "Lien d'un questionnaire changé"
    SURVEY_RESPONSE_SET_ASIDE = "survey.response_set_aside", "Réponse à un questionnaire mise de côté"
    SURVEY_RESPONSE_COUNTED = "survey.response_counted", "Réponse à un questionnaire de nouveau comptée"
    # complaints register
    COMPLAINT_RECORDED = "complaint.recorded", "Réclamation enregistrée"
    COMPLAINT_FILED = "complaint.filed", "Réclamation déposée par le lien public"
    COMPLAINT_QUALIFIED = "complaint.qualified", "Réclamation qualifiée (nature, thème, code, objet)"
    COMPLAINT_ACKNOWLEDGED = "complaint.acknowledged", "Accusé de réception d'une réclamation"
    COMPLAINT_ANSWERED = "complaint.answered", "Réponse à une réclamation"
    COMPLAINT_CLOSED = "complaint.closed", "Réclamation close"
    COMPLAINT_ACTION_LINKED = "complaint.action_linked", "Action liée à une réclamation"
    COMPLAINT_LINK_CHANGED = "complaint.link_changed", "Lien public des réclamations ouvert, fermé ou changé"
    COMPLAINT_DEADLINES_CHANGED = "complaint.deadlines_changed", "Délais des réclamations changés"
    # maltreatment signals
    SIGNAL_REPORTED = "safeguarding.reported", "Signalement de maltraitance reçu"
    SIGNAL_ASSESSED = "safeguarding.assessed", "Signalement de maltraitance évalué"
    SIGNAL_AUTHORITIES = "safeguarding.authorities", "Transmission d'un signalement aux autorités notée"
    SIGNAL_ACTION_DECIDED = "safeguarding.action_decided", "Action décidée après un signalement"
    SIGNAL_CLOSED = "safeguarding.closed", "Signalement de maltraitance clos"
    SIGNAL_ACCESS_CHANGED = "safeguarding.access_changed", "Accès aux signalements de maltraitance changé"
    # quality documents
    QUALITY_DOCUMENT_CREATED = "quality_document.created", "Document qualité créé"
    QUALITY_DOCUMENT_VERSIONED = "quality_document.versioned", "Nouvelle version d'un document qualité"
    QUALITY_DOCUMENT_READ = "quality_document.read", "Lecture d'un document qualité confirmée"
    CRISIS_EXERCISE_RECORDED = "crisis.exercise_recorded", "Exercice de crise enregistré"
    CRISIS_CONTACTS_CHECKED = "crisis.contacts_checked", "Liste des contacts de crise vérifiée"
    CRISIS_INTERVAL_CHANGED = (
        "crisis.interval_changed",
        "Intervalle de vérification des contacts de crise changé",
    )
    # effects (issue 20)
    EFFECT_EXPECTED_ADDED = "effect.expected_added", "Effet attendu ajouté"
    EFFECT_OBSERVED_ADDED = "effect.observed_added", "Effet observé consigné"
    EFFECT_REMOVED = "effect.removed", "Effet attendu ou observé retiré"
    STORY_TOLD = "story.told", "Récit de changement recueilli"
    STORY_WITHDRAWN = "story.withdrawn", "Récit de changement retiré à la demande de la personne"
    STORY_SELECTED = "story.selected", "Récit de changement choisi par une séance, avec ses raisons"
    STORY_LINK_CHANGED = "story.link_changed", "Lien public des récits ouvert, fermé ou changé"
    MARKER_ADDED = "marker.added", "Marqueur de progrès ajouté"
    MARKER_OBSERVED = "marker.observed", "Observation d'un marqueur de progrès"
    QUALITY_CRITERION_WRITTEN = "quality_criterion.written", "Critère du travail bien fait écrit ou réécrit"
    DISAGREEMENT_RECORDED = (
        "quality_criterion.disagreement",
        "Désaccord sur un critère du travail bien fait consigné",
    )
    # calendar
    CVS_MEETING_ADDED = "cvs_meeting.added", "Réunion du CVS ajoutée"
    CALENDAR_FEED_RENEWED = "calendar_feed.renewed", "Adresse d'abonnement au calendrier créée ou changée"
    # projet d'établissement
    PROJET_STARTED = "projet.started", "Projet d'établissement commencé"
    PROJET_SECTIONS_SAVED = "projet.sections_saved", "Contenu du projet enregistré"
    PROJET_UPDATED = "projet.updated", "Étapes du projet enregistrées"
    PROJET_OBJECTIVE_ADDED = "projet.objective_added", "Objectif du projet ajouté"
    PROJET_NEW_VERSION = "projet.new_version", "Nouvelle version du projet"
    # national results
    NATIONAL_RESULTS_IMPORTED = "national_results.imported", "Résultats nationaux importés"
    NATIONAL_IMPORT_REQUESTED = "national_results.import_requested", "Import des résultats publiés demandé"
    NATIONAL_IMPORT_REFUSED = "national_results.import_refused", "Fichier de résultats publiés refusé"
    # retention
    RETENTION_PURGED = "retention.purged", "Purge selon la politique de conservation"


def action_label(value: str) -> str:
    """The journal's words for a stored action (the raw value if it is not known any more)."""
    try:
        return str(AuditAction(value).label)
    except ValueError:
        return value
