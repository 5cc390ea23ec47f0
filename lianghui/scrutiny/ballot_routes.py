"""The routes of the encrypted-ballot protocol (docs/ballot-record.md), for a vote and an
election alike: a voter's device reads the definition it encrypts under and its voter index, a
trustee's device answers with its partial decryption of the totals (at the answer_url the
key's pending list names), and anyone reads the public record. Each subject's router adds them
under its own path name, with its own lookup, output and record. Kept below both routers, so
neither imports the other."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar

from ninja import Path, Router, Schema
from ninja.utils import contribute_operation_args

from lianghui.api_access import PUBLIC
from lianghui.scrutiny import devices
from lianghui.scrutiny.schemas import PartialDecryptionIn

Subject = TypeVar("Subject")


@dataclass(frozen=True)
class BallotRoutes(Generic[Subject]):
    """What the routes need to know of one kind of subject (a vote, an election)."""

    id_name: str  # the subject's id in the path: "poll_id", "election_id"
    lookup: Callable[[Any, int], Subject]  # (user, id): the subject, 404 if the user may not see it
    definition: Callable[[Subject], dict | None]  # its ballots' definition; None: not encrypted
    voter_index: Callable[[int, int], str]  # (subject's pk, person's pk): the voter's index
    not_encrypted: str  # the 404's message where its ballots are not encrypted
    answer: Callable[[int, Any, dict], Subject]  # (pk, user, message): a partial decryption
    out: Callable[[Subject], dict]  # the subject as its router shows it
    out_schema: type[Schema]
    record: Callable[[Any, Subject], dict]  # (user, subject): its public record, or a refusal
    encryption_summary: str
    answer_summary: str
    record_summary: str

    def add_to(self, router: Router, module: str) -> None:
        """Add the three routes to ``router``, with the operation ids its own functions would
        have had, ``module`` naming it (lianghui_votes_api_encryption, ...)."""
        at = "/{" + self.id_name + "}"

        def operation_id(name: str) -> str:
            return f"{module}_{name}".replace(".", "_")

        def by_id(handler):
            # The handler takes the subject's id under the path's own name (poll_id, ...), as
            # a function declared in the subject's router would.
            contribute_operation_args(handler, self.id_name, int, Path(...))
            return handler

        def subject(request, path: dict) -> Subject:
            return self.lookup(request.user, path[self.id_name])

        @router.get(
            f"{at}/encryption",
            response=dict[str, Any],
            summary=self.encryption_summary,
            operation_id=operation_id("encryption"),
        )
        @by_id
        def encryption(request, **path):
            found = subject(request, path)
            index = partial(self.voter_index, found.pk)
            return devices.encryption(
                request.user, self.definition(found), index, self.not_encrypted
            )

        @router.post(
            f"{at}/partial-decryptions",
            response=self.out_schema,
            summary=self.answer_summary,
            operation_id=operation_id("partial_decryption"),
        )
        @by_id
        def partial_decryption(request, payload: PartialDecryptionIn, **path):
            found = subject(request, path)
            return self.out(self.answer(found.pk, request.user, payload.dict()))

        @router.get(
            f"{at}/record",
            response=dict[str, Any],
            auth=PUBLIC,
            summary=self.record_summary,
            operation_id=operation_id("record"),
        )
        @by_id
        def record(request, **path):
            return self.record(request.user, subject(request, path))
