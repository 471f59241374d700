"""Person refs: assigned by Mosaic, unique, never an error when a draw is already taken."""

from __future__ import annotations

import pytest

from mosaic.people.models import Person


@pytest.mark.django_db
def test_a_new_person_whose_drawn_ref_is_taken_gets_another():
    first = Person.objects.create(display_name="Alex Marlowe")
    second = Person(display_name="Sam Ferris")
    second.ref = first.ref  # as if the 40 random bits had come up again
    second.save()
    assert second.ref != first.ref
    assert second.ref.startswith("P-")
    assert len(second.ref) == len(first.ref)
    assert Person.objects.filter(ref=first.ref).get() == first


@pytest.mark.django_db
def test_saving_an_existing_person_keeps_their_ref():
    person = Person.objects.create(display_name="Alex Marlowe")
    ref = person.ref
    person.display_name = "Alex J Marlowe"
    person.save()
    person.refresh_from_db()
    assert person.ref == ref
