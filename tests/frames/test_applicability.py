"""The applicability rule, without a database: properties over random profiles and the HAS data."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ouvrage.establishments.profile import Profile, Public, Sector, StructureKind
from ouvrage.frames.applicability import (
    ExclusionReason,
    Scope,
    SectorScope,
    StructureScope,
    applicability,
    exclusions,
    inclusion_reasons,
)

profiles = st.builds(
    Profile,
    st.sampled_from(list(Sector)),
    st.sampled_from(list(StructureKind)),
    st.frozensets(st.sampled_from(list(Public)), min_size=1),
)
scopes = st.builds(
    Scope,
    st.sampled_from(list(SectorScope)),
    st.sampled_from(list(StructureScope)),
    st.frozensets(st.sampled_from(list(Public))),
)


@given(profiles)
def test_generic_criteria_always_apply(profile):
    assert exclusions(profile, Scope()) == ()
    assert inclusion_reasons(profile, Scope())


@given(profiles, scopes)
def test_medico_social_scope_never_applies_to_social_profile(profile, scope):
    if scope.sector is SectorScope.MEDICO_SOCIAL and profile.sector is Sector.SOCIAL:
        reasons = {e.reason for e in exclusions(profile, scope)}
        assert ExclusionReason.SECTOR in reasons


@given(profiles, scopes)
def test_service_never_gets_etablissement_only_criteria(profile, scope):
    if scope.structure is StructureScope.ETABLISSEMENT and profile.kind is StructureKind.SERVICE:
        assert ExclusionReason.STRUCTURE in {e.reason for e in exclusions(profile, scope)}


@given(profiles, scopes)
def test_applies_exactly_when_every_dimension_admits_the_profile(profile, scope):
    sector_ok = scope.sector is SectorScope.ALL or scope.sector.value == profile.sector.value
    kind_ok = scope.structure is StructureScope.ALL or scope.structure.value == profile.kind.value
    publics_ok = not scope.publics or bool(scope.publics & profile.publics)
    applies = not exclusions(profile, scope)
    assert applies == (sector_ok and kind_ok and publics_ok)
    assert bool(inclusion_reasons(profile, scope)) == applies
    # One reason per failing dimension, each with a French sentence.
    assert len(exclusions(profile, scope)) == [sector_ok, kind_ok, publics_ok].count(False)
    assert all(e.message.startswith("réservé") for e in exclusions(profile, scope))


@given(profiles)
def test_partition_and_imperatives_scoped_out_are_not_counted(has_spec, profile):
    result = applicability(profile, has_spec.criteria)
    codes = [c.code for c in result.applicable] + [c.code for c, _ in result.excluded]
    assert sorted(codes) == sorted(c.code for c in has_spec.criteria)
    assert result.imperative_count == sum(
        1 for c in has_spec.criteria if c.imperative and not exclusions(profile, c.scope)
    )
    assert all(why for _, why in result.excluded)
    generic = {c.code for c in has_spec.criteria if c.scope.is_generic}
    assert generic <= {c.code for c in result.applicable}


@given(profiles.filter(lambda p: p.kind is StructureKind.SERVICE))
def test_service_profiles_exclude_the_five_etablissement_criteria(has_spec, profile):
    excluded = {c.code for c, _ in applicability(profile, has_spec.criteria).excluded}
    assert {"1.4.2", "2.2.1", "2.4.1", "3.2.2", "3.3.1"} <= excluded


def test_sad_grid_count_matches_the_published_synae_grid(has_spec):
    # shared/referentiel/README.md: the Synaé grid of a social home-care service for PA, PHA and
    # PHE holds exactly 137 criteria; a social service has 16 impératifs (rules.md §8).
    profile = Profile(Sector.SOCIAL, StructureKind.SERVICE, frozenset({Public.PA, Public.PHA, Public.PHE}))
    result = applicability(profile, has_spec.criteria)
    assert len(result.applicable) == 137
    assert result.imperative_count == 16
    assert {c.code for c in result.applicable if c.elements_complete} == {c.code for c in result.applicable}


def test_impératifs_per_profile(has_spec):
    def count(sector, kind):
        return applicability(
            Profile(sector, kind, frozenset({Public.PA})), has_spec.criteria
        ).imperative_count

    # 2.2.1 only for établissements, 3.6.2 only for médico-social (rules.md §8).
    assert count(Sector.MEDICO_SOCIAL, StructureKind.ETABLISSEMENT) == 18
    assert count(Sector.SOCIAL, StructureKind.ETABLISSEMENT) == 17
    assert count(Sector.MEDICO_SOCIAL, StructureKind.SERVICE) == 17
    assert count(Sector.SOCIAL, StructureKind.SERVICE) == 16
