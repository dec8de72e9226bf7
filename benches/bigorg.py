#!/usr/bin/env python3
"""Make a large organization for benchmarks: the example data plus N generated processes.

usage: benches/bigorg.py N OUTDIR [--roles R] [--base DIR]

Copies the example data (data/, or --base) to OUTDIR and appends N critical
processes, N/2 information systems, 2 people per process and R emergency
roles (default: one per process plus one team lead per ten processes) to it.
Every generated record refers only to records that exist, so `bcpgen check`
finds no errors. The output depends on N and R alone (no randomness, no
clock): the same arguments always give the same files.
"""
import argparse
import os
import shutil

SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝洪郭邱曾廖賴徐周葉蘇莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余盧梁趙顏柯翁魏孫戴"
GIVEN = "志明淑芬建宏美玲俊傑雅婷家豪怡君冠宇欣怡承翰佳穎宗翰詩涵彥廷雅雯柏翰筱婷"
VERBS = ["申請受理", "審核", "核發", "登記", "查詢", "稽核", "繳費", "派遣", "維護", "通報"]
OBJECTS = ["戶籍", "地政", "稅務", "補助", "工程", "採購", "人事", "會計", "檔案", "環保",
           "清潔", "交通", "路燈", "公所網站", "民眾陳情", "社區活動", "災害防救", "兵役", "殯葬", "圖書"]
DURATIONS = ["4h", "8h", "12h", "1d", "2d", "3d", "5d", "7d"]
CRITICALITY = ["high", "medium", "low"]
PROTECTION = ["high", "medium", "normal"]


def person_name(i):
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + GIVEN[(i * 3 + 1) % len(GIVEN)]


def units_of(base):
    with open(os.path.join(base, "organization.yaml"), encoding="utf-8") as f:
        for line in f:
            s = line.strip()
            if s.startswith("units:"):
                return [u.strip() for u in s.split("[", 1)[1].rstrip("]").split(",")]
    raise SystemExit("no `units:` line in organization.yaml")


def append(path, text):
    """Inserts `text` right after the file's top-level key line (`people:`...),
    so that it stays inside that list whatever follows it."""
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    at = next(i for i, l in enumerate(lines) if l.rstrip().endswith(":") and not l.startswith((" ", "#")))
    lines.insert(at + 1, text.lstrip("\n") + "\n")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="generated processes")
    ap.add_argument("out", help="output data directory (replaced)")
    ap.add_argument("--roles", type=int, help="generated roles (default n + n/10)")
    ap.add_argument("--base", default=os.path.join(os.path.dirname(__file__), "..", "data"))
    a = ap.parse_args()
    n = a.n
    teams = max(1, (n + 9) // 10)
    roles = a.roles if a.roles is not None else n + teams
    teams = min(teams, max(1, roles))
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    shutil.copytree(a.base, a.out)
    units = units_of(a.base)
    npeople = max(2 * n, roles + 2)
    nsys = max(1, n // 2)

    people = []
    for i in range(npeople):
        people.append(
            f"""
  - id: g{i:05d}
    name: {person_name(i)}
    title: 專員
    unit: {units[i % len(units)]}
    phones:
      office: "05-{1000 + i // 1000:04d}-{i % 1000:03d}#{100 + i % 900}"
      mobile: "09{(i // 1000) % 100:02d}-{i % 1000:03d}-{(i * 7) % 1000:03d}"
    email: g{i:05d}@example.gov.tw
    verified: 2026-09-15
""")
    append(os.path.join(a.out, "people.yaml"), "".join(people))

    # Roles: one team lead per ten processes under response-lead, the others under their lead.
    role_ids = []
    out = []
    for r in range(roles):
        if r < teams:
            rid, parent = f"g-team{r:04d}", "response-lead"
            title = f"第{r + 1}復原小組組長"
            duties = ["督導本小組各業務流程之復原作業", "向資通安全處理小組組長回報進度"]
        else:
            rid, parent = f"g-role{r:05d}", f"g-team{(r - teams) % teams:04d}"
            title = f"{OBJECTS[r % len(OBJECTS)]}{VERBS[r % len(VERBS)]}復原負責人"
            duties = ["依復原計畫回復所負責之系統與作業", "回復後通知使用單位確認資料正確"]
        role_ids.append(rid)
        out.append(
            f"""
  - id: {rid}
    title: {title}
    duties:
      - {duties[0]}
      - {duties[1]}
    primary: g{r % npeople:05d}
    alternates: [g{(r + 1) % npeople:05d}]
    reports_to: {parent}
""")
    append(os.path.join(a.out, "roles.yaml"), "".join(out))

    out = []
    for s in range(nsys):
        out.append(
            f"""
  - id: GS{s:05d}
    name: {OBJECTS[s % len(OBJECTS)]}資訊系統{s + 1}
    protection_level: {PROTECTION[s % 3]}
    site: main
    admin: g{(2 * s) % npeople:05d}
    vendor: lanyuan-it
    backup:
      interval: 4h
      method: 每4小時資料庫備份至NAS，每週複製至異地備援機房
      offsite: true
      last_restore_test: 2026-05-20
""")
    append(os.path.join(a.out, "systems.yaml"), "".join(out))

    out = []
    workers = [rid for rid in role_ids[teams:]] or role_ids
    for p in range(n):
        obj, verb = OBJECTS[p % len(OBJECTS)], VERBS[(p // len(OBJECTS)) % len(VERBS)]
        rto = DURATIONS[p % 5]
        mtpd = DURATIONS[min(len(DURATIONS) - 1, p % 5 + 2)]
        rpo = DURATIONS[p % 4]
        lead = role_ids[p % teams]
        worker = workers[p % len(workers)]
        out.append(
            f"""
  - id: GP{p:05d}
    name: {obj}{verb}作業{p + 1}
    unit: {units[p % len(units)]}
    owner: g{(2 * p) % npeople:05d}
    deputy: g{(2 * p + 1) % npeople:05d}
    core: {"true" if p % 4 == 0 else "false"}
    criticality: {CRITICALITY[p % 3]}
    mtpd: {mtpd}
    rto: {rto}
    rpo: {rpo}
    systems: [GS{p % nsys:05d}]
    impacts:
      operational: {1 + p % 5}
      financial: {1 + (p * 3) % 5}
      legal: {1 + (p * 2) % 5}
      reputation: {1 + (p * 4) % 5}
    workaround: 改以紙本受理並登記收件簿，系統回復後補登。
    recovery_strategy: 以最近一次備份於異地備援機房之備援主機啟動系統，再回復資料。
    dependencies: [電力, 網路]
    minimum_service: 急件以人工方式受理，每日下班前完成當日登記。
    recovery_steps:
      - {{ role: {lead}, action: 確認備援環境可用並通知回復負責人進場, within: 1h }}
      - {{ role: {worker}, action: 自最近一次備份還原資料庫並啟動應用系統, within: 2h }}
""")
    append(os.path.join(a.out, "processes.yaml"), "".join(out))


if __name__ == "__main__":
    main()
