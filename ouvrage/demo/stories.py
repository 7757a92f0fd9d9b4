"""A year of stories of change for the demo's EHPAD and MECS (issue 20, Most Significant Change):
told to the team or through the public link, no names (people accompanied by their codes), and two
selection sessions each, with their reasons and what was said back to the tellers."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ouvrage.accounts.models import User
from ouvrage.effects.models import ChangeStory
from ouvrage.effects.stories import record_story, select_story, set_story_link, tell_story
from ouvrage.establishments.finess import with_check_digit
from ouvrage.establishments.models import Establishment
from ouvrage.ownframe.models import CollectiveSession

# (days ago, told by, domain, title, what changed, for whom, person code, why it matters);
# told by « person » or « relatives » came through the public link, the others were told to the team.
EHPAD = [
    (
        340,
        "professionals",
        "daily_life",
        "Le lever à son heure",
        "Depuis que les toilettes du matin sont organisées par vagues, P-014 choisit de se lever après "
        "9 h. Elle prend son petit déjeuner en salle avec sa voisine.",
        "pour une résidente du 1er étage",
        "P-014",
        "Elle dit qu'elle retrouve ses habitudes d'avant et qu'elle n'a plus l'impression d'être « à "
        "l'hôpital ».",
    ),
    (
        310,
        "relatives",
        "relationships",
        "",
        "Ma mère va à l'atelier chant le jeudi. Elle chante avec les autres et me raconte la séance au "
        "téléphone.",
        "pour ma mère",
        "",
        "Avant, elle ne parlait plus de ses journées. Maintenant, on a de nouveau des choses à se dire.",
    ),
    (
        280,
        "person",
        "participation",
        "",
        "Au conseil de la vie sociale, on m'a demandé mon avis sur les menus. Le poisson du vendredi a "
        "changé.",
        "pour moi et les autres résidents",
        "",
        "On m'écoute. Je sers encore à quelque chose.",
    ),
    (
        250,
        "professionals",
        "health",
        "Plus de chute la nuit",
        "Avec le chemin lumineux jusqu'aux toilettes, P-021 ne tombe plus la nuit. Elle ne demande plus "
        "de barrières au lit.",
        "pour une résidente de l'unité protégée",
        "P-021",
        "Elle dort sans contention, et l'équipe de nuit est moins inquiète.",
    ),
    (
        200,
        "relatives",
        "daily_life",
        "",
        "Mon père va seul au jardin avec le code affiché à la porte. Il fait son tour après le déjeuner.",
        "pour mon père",
        "",
        "Il se sent libre. Il ne dit plus qu'il est enfermé.",
    ),
    (
        170,
        "professionals",
        "practices",
        "Frapper et attendre",
        "Nous frappons et attendons la réponse avant d'entrer dans les chambres, même le matin. Les "
        "nouveaux collègues l'apprennent dès le premier jour.",
        "pour les résidents et pour l'équipe",
        "",
        "La chambre redevient un chez-soi ; plusieurs résidents l'ont dit au CVS.",
    ),
    (
        130,
        "person",
        "health",
        "",
        "Je n'ai plus mal au dos depuis qu'on m'aide à marcher tous les jours avec le kiné.",
        "pour moi",
        "",
        "Je peux aller au salon de coiffure toute seule.",
    ),
    (
        90,
        "partners",
        "relationships",
        "Les écoliers du jeudi",
        "Les élèves de CM1 de l'école voisine viennent lire avec les résidents un jeudi sur deux. P-033 "
        "attend ce jour-là et prépare ses questions.",
        "pour un résident et pour les enfants",
        "P-033",
        "Il dit qu'il redevient grand-père ; l'institutrice dit que les enfants lisent mieux à voix haute.",
    ),
    (
        60,
        "relatives",
        "participation",
        "",
        "On m'a invitée à la réunion du projet personnalisé de ma tante. Elle a pu dire qu'elle voulait "
        "garder son fauteuil.",
        "pour ma tante",
        "",
        "Elle a été écoutée. Et moi aussi.",
    ),
    (
        25,
        "professionals",
        "daily_life",
        "Le dîner plus tard",
        "Le dîner est servi à 19 h au lieu de 18 h 15. P-008 ne se couche plus avant le journal télévisé.",
        "pour un résident",
        "P-008",
        "Il dit que ses soirées lui appartiennent de nouveau.",
    ),
]

MECS = [
    (
        330,
        "person",
        "pathway",
        "",
        "J'ai trouvé un stage en boulangerie. L'éducatrice m'a aidé à faire mon CV et à appeler.",
        "pour moi",
        "",
        "Je me lève le matin pour quelque chose. Je veux faire un CAP.",
    ),
    (
        300,
        "professionals",
        "relationships",
        "Le retour du dimanche",
        "J-04 rentre chez sa mère un dimanche sur deux depuis trois mois. Les visites médiatisées ont "
        "laissé la place à des retours préparés ensemble.",
        "pour un jeune et sa mère",
        "J-04",
        "Il revient apaisé et parle de l'avenir avec sa mère.",
    ),
    (
        270,
        "relatives",
        "participation",
        "",
        "On m'a demandé mon avis pour le projet de mon fils. J'ai pu dire ce que je voulais pour lui.",
        "pour mon fils et pour moi",
        "",
        "Je me sens encore sa mère, même s'il vit au foyer.",
    ),
    (
        240,
        "partners",
        "pathway",
        "Retour au collège",
        "J-09 vient au collège tous les jours depuis la rentrée. L'éducateur et la CPE font le point "
        "chaque semaine.",
        "pour une jeune de 4e",
        "J-09",
        "Elle a repris confiance : elle a eu son premier 14 en maths.",
    ),
    (
        200,
        "person",
        "daily_life",
        "",
        "J'ai appris à faire mes courses et à cuisiner avec le budget de la semaine.",
        "pour moi",
        "",
        "Quand je partirai à 18 ans, je saurai me débrouiller.",
    ),
    (
        150,
        "professionals",
        "practices",
        "Le conseil des jeunes",
        "Depuis que le conseil des jeunes se réunit chaque mois, les règles du foyer sont discutées avec "
        "eux. La règle des téléphones le soir a été réécrite ensemble.",
        "pour les jeunes du groupe et pour l'équipe",
        "",
        "Moins de conflits le soir : les jeunes respectent mieux une règle qu'ils ont écrite.",
    ),
    (
        110,
        "person",
        "health",
        "",
        "Je dors mieux depuis que je parle à la psychologue. Je n'ai plus de cauchemars toutes les nuits.",
        "pour moi",
        "",
        "Je suis moins en colère le matin.",
    ),
    (
        70,
        "professionals",
        "relationships",
        "Un parrain",
        "J-11 voit un parrain bénévole deux samedis par mois. Ils font du vélo et révisent le code de la "
        "route.",
        "pour un jeune de 16 ans",
        "J-11",
        "Un adulte en dehors du foyer qui le suit et qui croit en lui.",
    ),
    (
        35,
        "partners",
        "pathway",
        "Contrat jeune majeur",
        "La mission locale et l'équipe ont préparé avec J-02 sa demande de contrat jeune majeur six mois "
        "avant ses 18 ans.",
        "pour une jeune de 17 ans",
        "J-02",
        "Sa sortie du foyer ne se fera pas du jour au lendemain.",
    ),
]

# (days ago, title, professionals, people, families, [(story index, reasons, feedback)])
EHPAD_SESSIONS = [
    (
        180,
        "Choix des récits de changement (printemps)",
        8,
        3,
        2,
        [
            (
                4,
                "Il montre que la liberté d'aller et venir se joue dans les petites choses : un code "
                "affiché a plus changé que nos discussions sur les portes. Nous voulons l'étendre.",
                "Merci. Le code restera affiché, et nous en parlons au CVS pour les autres étages.",
            ),
            (
                1,
                "Un atelier ne vaut pas par sa fréquentation mais par ce qu'il change dans les liens "
                "avec la famille : c'est ce que ce récit nous apprend.",
                "Merci pour votre récit. L'atelier chant continue le jeudi, et s'ouvre aux familles "
                "une fois par mois.",
            ),
            (
                3,
                "Une pratique de nuit (le chemin lumineux) a permis d'arrêter une contention : le récit "
                "relie directement le soin et la liberté.",
                "",
            ),
        ],
    ),
    (
        20,
        "Choix des récits de changement (automne)",
        9,
        2,
        3,
        [
            (
                9,
                "Un horaire d'institution changé pour un rythme de vie : il a fallu réorganiser les "
                "équipes du soir, et ce récit dit pourquoi cela valait la peine.",
                "",
            ),
            (
                5,
                "Un geste simple que toute l'équipe s'est approprié, et que les résidents ont remarqué "
                "eux-mêmes.",
                "",
            ),
            (
                8,
                "La participation ne s'arrête pas au CVS : être invitée à son projet personnalisé, "
                "avec sa famille, change la décision.",
                "Merci. Nous invitons maintenant les proches à chaque réunion de projet, si la "
                "personne le souhaite.",
            ),
        ],
    ),
]

MECS_SESSIONS = [
    (
        190,
        "Choix des récits de changement (premier semestre)",
        7,
        3,
        1,
        [
            (
                0,
                "Un stage trouvé par le jeune lui-même, avec un appui : c'est la place qu'on veut lui "
                "laisser dans son parcours.",
                "Bravo pour ton stage. L'équipe t'aidera à préparer l'inscription au CAP.",
            ),
            (
                1,
                "Des retours préparés ensemble ont remplacé les visites médiatisées : ce récit montre "
                "le travail avec la famille qui porte ses fruits.",
                "",
            ),
            (
                2,
                "Une mère qui se sent encore mère : c'est le sens même du travail avec les parents.",
                "Merci. Nous vous inviterons à chaque point du projet de votre fils.",
            ),
        ],
    ),
    (
        25,
        "Choix des récits de changement (second semestre)",
        8,
        4,
        0,
        [
            (
                8,
                "Préparer la sortie six mois avant : le récit montre ce qui évite les « sorties sèches » "
                "à 18 ans.",
                "",
            ),
            (
                5,
                "Une règle écrite avec les jeunes est mieux respectée : la participation change aussi "
                "notre façon de travailler.",
                "",
            ),
            (
                6,
                "Le lien entre le soin psychique et la vie quotidienne au foyer, dit par le jeune lui-même.",
                "Merci de l'avoir raconté. Tu peux continuer à voir la psychologue autant que tu veux.",
            ),
        ],
    ),
]


def _tell(establishment: Establishment, quality: User, stories: list, sessions: list) -> None:
    today = timezone.localdate()
    link = set_story_link(establishment=establishment, actor=quality, open_=True)
    kept: list[ChangeStory] = []
    for ago, told_by, domain, title, what, whom, code, why in stories:
        told_on = today - timedelta(days=ago)
        if told_by in ("person", "relatives"):
            story = tell_story(
                link=link,
                told_by=told_by,
                domain=domain,
                what_changed=what,
                for_whom=whom,
                why_it_matters=why,
                consent=True,
            )
            ChangeStory.objects.filter(pk=story.pk).update(told_on=told_on)  # told months ago
            story.told_on = told_on
        else:
            story = record_story(
                establishment=establishment,
                actor=quality,
                told_by=told_by,
                domain=domain,
                title=title,
                what_changed=what,
                for_whom=whom,
                person_code=code,
                why_it_matters=why,
                consent=True,
                told_on=told_on,
            )
        kept.append(story)
    for ago, title, professionals, people, families, chosen in sessions:
        session = CollectiveSession.objects.create(
            establishment=establishment,
            held_on=today - timedelta(days=ago),
            title=title,
            professionals=professionals,
            people=people,
            families=families,
            created_by=quality,
            said="Lecture à voix haute des récits de chaque domaine, puis discussion : ce que chacun y "
            "voit, ce qu'il dit de notre travail.",
        )
        for index, reasons, feedback in chosen:
            select_story(
                session=session, story=kept[index], actor=quality, reasons=reasons, feedback=feedback
            )


def load_demo_stories() -> None:
    ehpad = Establishment.objects.filter(finess=with_check_digit("69000001")).first()
    mecs = Establishment.objects.filter(finess=with_check_digit("69000003")).first()
    quality = User.objects.filter(email="qualite@tilleuls.example.org").first()
    if ehpad is None or mecs is None or quality is None:
        return
    if ChangeStory.objects.filter(establishment__in=[ehpad, mecs]).exists():
        return
    _tell(ehpad, quality, EHPAD, EHPAD_SESSIONS)
    _tell(mecs, quality, MECS, MECS_SESSIONS)
