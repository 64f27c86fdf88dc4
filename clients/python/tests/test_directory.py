"""Actors, places and sources: listing, name search in any script, relations."""

from __future__ import annotations

from seed import SEED_ACTORS, at

from timeline_client import ActorKind, ActorRole, Client, LatLng, PlaceKind, RolePair


def test_every_actor_across_pages(client: Client) -> None:
    assert [a.name for a in client.actors(page_size=3)] == SEED_ACTORS


def test_actor_search_in_arabic_script(client: Client) -> None:
    (goita,) = client.actors("غويتا")
    assert goita.name == "actors/assimi-goita"
    assert goita.display_name == "Assimi Goïta"
    assert goita.kind is ActorKind.PERSON
    assert [n.name for n in goita.names] == [
        "Assimi Goïta",
        "Assimi Goita",
        "عاصمي غويتا",
        "عاصيمي غويتا",
    ]


def test_actor_search_without_diacritics(client: Client) -> None:
    assert [a.name for a in client.actors("Goita")][0] == "actors/assimi-goita"


def test_place_search_and_hierarchy(client: Client) -> None:
    found = list(client.places("bamako"))
    assert [(p.name, p.parent, p.ancestors) for p in found] == [
        ("places/ml-bamako", "places/ml", ("places/ml",)),
        (
            "places/ml-bamako-gendarmerie-school",
            "places/ml-bamako",
            ("places/ml-bamako", "places/ml"),
        ),
        (
            "places/ml-bamako-military-airport",
            "places/ml-bamako",
            ("places/ml-bamako", "places/ml"),
        ),
    ]
    assert [p.name for p in client.places(parent="places/ml")] == [
        "places/ml-bamako",
        "places/ml-kidal-region",
    ]


def test_get_place(client: Client) -> None:
    bamako = client.get_place("places/ml-bamako")
    assert bamako.display_name == "Bamako"
    assert bamako.kind is PlaceKind.SETTLEMENT
    assert bamako.time_zone == "Africa/Bamako"
    assert bamako.country_code == "ML"
    assert bamako.location is not None
    assert (
        abs(bamako.location.latitude - 12.65) < 0.1 and abs(bamako.location.longitude + 8.0) < 0.1
    )
    assert isinstance(bamako.location, LatLng)


def test_sources(client: Client) -> None:
    sources = list(client.sources(page_size=1))
    assert [(s.name, s.publisher, s.language) for s in sources] == [
        (
            "sources/akhbar-bila-hudud-mali-algeria-russia",
            "أخبار بلا حدود (Akhbar bila hudud)",
            "ar",
        ),
        ("sources/erem-news-2024-10-12-bamako-ankara", "إرم نيوز (Erem News)", "ar"),
    ]
    assert sources[0].published_time is None  # the article carries no date
    erem = client.get_source("sources/erem-news-2024-10-12-bamako-ankara")
    assert erem.published_time == at(2024, 10, 12, 11, 16)


def test_who_dealt_with_mali(client: Client) -> None:
    related = list(client.related_actors("actors/mali"))
    assert [(r.actor, r.event_count, r.roles) for r in related] == [
        ("actors/abdoulaye-diop", 1, (RolePair(ActorRole.MENTIONED, ActorRole.SPEAKER, 1),)),
        ("actors/russia", 1, (RolePair(ActorRole.MENTIONED, ActorRole.MENTIONED, 1),)),
        ("actors/sergey-lavrov", 1, (RolePair(ActorRole.MENTIONED, ActorRole.SPEAKER, 1),)),
        ("actors/turkey", 1, (RolePair(ActorRole.RECIPIENT, ActorRole.SUPPLIER, 1),)),
    ]
    assert related[3].kind is ActorKind.STATE
    assert related[3].first_start is None  # the drone supplies have no known start


def test_who_goita_hosted(client: Client) -> None:
    related = client.related_actors("actors/assimi-goita")
    assert [(r.actor, [(p.role, p.related_role) for p in r.roles]) for r in related] == [
        ("actors/orhan-diliguz", [(ActorRole.HOST, ActorRole.VISITOR)]),
        (
            "actors/turkish-parliamentary-delegation-mali-2024",
            [(ActorRole.HOST, ActorRole.VISITOR)],
        ),
    ]
