"""What deploy/tests' scripts share: each check printed as `ok - …` or `not ok - …`, failures kept."""

failures = []


def check(condition, what):
    print(("ok - " if condition else "not ok - ") + what)
    if not condition:
        failures.append(what)
