#!/usr/bin/env python3
"""awards_screening — screens the candidates of an award (评先评优) and their legal representatives:
a candidate whose legal representative or principal is on a black list is disqualified too (seed
item 12), which the `honors` scenario applies.

    awards_screening.py DB CANDIDATES [AS_OF]      CANDIDATES: one "code,name" a line
"""

import sys

import credcheck


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 1
    as_of = argv[3] if len(argv) > 3 else None
    candidates = [line.split(",", 1) for line in open(argv[2], encoding="utf-8") if line.strip() and not line.startswith("#")]
    # The civilisation office checks as itself: its department is recorded with every decision.
    office = credcheck.Principal("鄂州市精神文明建设委员会办公室", "implementing", "评选办")
    with credcheck.Database(argv[1], read_only=True, principal=office) as db:
        decisions = db.check_batch([code for code, _ in candidates], "honors", as_of=as_of, purpose="2026年度诚信示范企业评选")
    disqualified = 0
    for (code, name), d in zip(candidates, decisions):
        name = name.strip()
        if d.verdict is credcheck.Verdict.DENY:
            disqualified += 1
            print(f"DISQUALIFIED {name} ({code})")
            for m in d.measures:
                who = "the candidate itself" if m.via is credcheck.Via.SELF else f"its {m.via.value.replace('_', ' ')} {m.source.subject_name}"
                print(f"    {m.code}: {who} is on {m.source.list} ({m.source.document_no})")
        else:
            print(f"eligible     {name} ({code}): {d.verdict.value}")
    print(f"{disqualified} of {len(candidates)} candidates disqualified")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
