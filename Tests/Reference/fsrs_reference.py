#!/usr/bin/env python3
"""Replays review logs through py-fsrs, the FSRS reference implementation, for FSRSReferenceTests.

Usage: fsrs_reference.py LOGS.json OUT.json

LOGS.json: {"fuzz": bool, "cards": [[{"rating": 1-4, "at": epoch seconds, "random": 0..1}, ...], ...]}
OUT.json:  for each card, the card after each review: state, step, stability, difficulty, due.
With fuzz on, the scheduler's random() returns the review's own "random" value, so BandUp's
scheduler and the reference spread intervals the same way.
"""
import importlib.metadata
import json
import sys
from datetime import datetime, timezone

import fsrs
import fsrs.scheduler
from fsrs import Card, Rating, Scheduler

VERSION = importlib.metadata.version("fsrs")
assert VERSION == "6.3.2", f"pinned py-fsrs 6.3.2, found {VERSION}"


def main():
    logs = json.load(open(sys.argv[1]))
    scheduler = Scheduler(enable_fuzzing=logs["fuzz"])
    current = {"random": 0.5}
    fsrs.scheduler.random = lambda: current["random"]
    results = []
    for index, reviews in enumerate(logs["cards"]):
        card = Card(card_id=index + 1, due=datetime.fromtimestamp(reviews[0]["at"], timezone.utc))
        states = []
        for review in reviews:
            current["random"] = review["random"]
            card, _ = scheduler.review_card(card, Rating(review["rating"]), datetime.fromtimestamp(review["at"], timezone.utc))
            states.append({"state": int(card.state), "step": card.step, "stability": card.stability,
                           "difficulty": card.difficulty, "due": card.due.timestamp()})
        results.append(states)
    json.dump(results, open(sys.argv[2], "w"))
    print(f"replayed {sum(len(r) for r in logs['cards'])} reviews of {len(logs['cards'])} cards with py-fsrs {VERSION}")


if __name__ == "__main__":
    main()
