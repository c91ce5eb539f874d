"""The demo's maturity model and rounds (DEMO_BUILDERS order 80): the model "demo-mognad" in two versions, eight
assessed units, the rounds of 2025 (version 1) and 2026 (version 2), both closed and aggregated. The points'
text is written for the demo — Styr ships no proprietary question text (no DiMiOS text). Version 2 rewrites
the point arv-2-1 (so the comparison of 2025 with 2026 flags it) and adds arv-3-4. The answers are drawn with a
fixed seed: the units differ visibly and most improve from 2025 to 2026. Also: docs/decisions/0030."""

import datetime
import random

from . import actions
from .models import Unit

CODE, NAME = "demo-mognad", "Demomodell för digital mognad"
DIMENSIONS = {"formaga": "Digital förmåga", "arv": "Digitalt arv"}
CATEGORIES = [
    ("formaga", "formaga-1", "Ledning och styrning", [
        "Ledningen har en uttalad målbild för digitaliseringen av verksamheten.",
        "Digitala satsningar prioriteras utifrån nytta för patienter och medarbetare.",
        "Det finns avsatt tid och budget för att utveckla arbetssätt med digitalt stöd."]),
    ("formaga", "formaga-2", "Kompetens och kultur", [
        "Medarbetarna har den digitala kompetens som arbetet kräver.",
        "Det är lätt att pröva nya digitala arbetssätt i vår verksamhet.",
        "Vi lär av varandra när ett nytt system eller arbetssätt införs."]),
    ("formaga", "formaga-3", "Arbetssätt och processer", [
        "Våra processer är beskrivna så att de kan stödjas digitalt.",
        "Vi följer upp hur de digitala tjänsterna används och vad de ger.",
        "Dubbeldokumentation och manuella överföringar är ovanliga hos oss."]),
    ("formaga", "formaga-4", "Invånar- och medarbetarfokus", [
        "Invånare och patienter kan sköta sina ärenden med oss digitalt.",
        "Vi involverar användarna när digitala tjänster tas fram.",
        "Våra digitala tjänster är tillgängliga för alla användare."]),
    ("arv", "arv-1", "System och integrationer", [
        "Våra system är moderna och har ett stöd från leverantören som räcker.",
        "Systemen utbyter information med varandra utan manuella steg.",
        "Vi vet vilka system vi ska avveckla och när."]),
    ("arv", "arv-2", "Data och information", [
        "Informationen vi behöver finns i strukturerad form.",
        "Vi vet vilken information som är vår och vem som ansvarar för den.",
        "Data från verksamheten används för att följa upp och förbättra den."]),
    ("arv", "arv-3", "Infrastruktur och säkerhet", [
        "Nätverk, arbetsplatser och utrustning fungerar för det digitala arbetet.",
        "Informationssäkerheten är klassad och skyddet står i proportion till den.",
        "Störningar i it-stödet åtgärdas inom den tid verksamheten tål."]),
]
V2_TEXT = {"arv-2-1": "Den information vi behöver finns i strukturerad form och kan återanvändas i andra system."}
V2_ADDED = ("arv", "arv-3", "arv-3-4", "Vi har en plan för kontinuitet om ett verksamhetskritiskt system faller bort.")
UNITS = [  # code, organisation, name, base level 2025, change to 2026, respondents invited
    ("SLSO-PRIMARVARD", "SLSO", "Primärvården SLSO", 3.0, 0.35, 14),
    ("SLSO-PSYKIATRI", "SLSO", "Psykiatri Nordväst SLSO", 2.6, 0.30, 12),
    ("KS-AKUT", "KS", "Akutkliniken Karolinska", 3.4, 0.20, 12),
    ("SOS-ORTOPEDI", "SOS", "Ortopedkliniken Södersjukhuset", 2.9, 0.40, 10),
    ("DS-GERIATRIK", "DS", "Geriatriska kliniken Danderyds sjukhus", 2.3, -0.15, 9),
    ("HSF-UPPDRAG", "HSF", "Avdelningen för vårduppdrag HSF", 3.2, 0.25, 12),
    ("TN-KUNDSERVICE", "TN", "Kundservice SL", 3.6, 0.30, 14),
    ("RLK-IT", "RLK", "Regionledningskontorets IT-avdelning", 3.8, 0.15, 12),
]
# A unit's strengths and weaknesses by category, so that the heat map shows more than one level per unit.
PROFILE = {"formaga-1": 0.2, "formaga-2": -0.1, "formaga-3": -0.3, "formaga-4": 0.1, "arv-1": -0.6,
           "arv-2": -0.4, "arv-3": 0.2}


def model_rows(version):
    rows = []
    for dim, cat, name, texts in CATEGORIES:
        for number, text in enumerate(texts, start=1):
            code = f"{cat}-{number}"
            rows.append({"dimension": dim, "dimension_name": DIMENSIONS[dim], "category": cat, "category_name": name,
                         "point": code, "text": V2_TEXT.get(code, text) if version == 2 else text,
                         "scale_min": 1, "scale_max": 5, "weight": 2 if number == 1 else 1, "order": len(rows) + 1})
    if version == 2:
        dim, cat, code, text = V2_ADDED
        name = next(c[2] for c in CATEGORIES if c[1] == cat)
        rows.append({"dimension": dim, "dimension_name": DIMENSIONS[dim], "category": cat, "category_name": name,
                     "point": code, "text": text, "scale_min": 1, "scale_max": 5, "weight": 1, "order": len(rows) + 1})
    return rows


def _answers(rng, rows, level):
    out = []
    for row in rows:
        drift = PROFILE[row["category"]] + rng.gauss(0, 0.7)
        if rng.random() < 0.04:  # now and then a point left unanswered
            continue
        out.append((row["point"], max(1, min(5, round(level + drift)))))
    return out


def _round(model, rows, units, year, rng, first):
    rnd = actions.create_round(user=None, model=model, name=f"Mognadsmätning {year}",
                               period_start=datetime.date(year, 3, 1), period_end=datetime.date(year, 4, 30),
                               units=[(units[code], invited) for code, _o, _n, _b, _c, invited in UNITS
                                      if code in units])
    points = actions.round_points(rnd)
    responses = []
    for code, _org, _name, base, change, invited in UNITS:
        if code not in units:
            continue
        level = base if first else base + change
        count = rng.randint(max(5, invited // 2), min(12, invited))
        for number in range(1, count + 1):
            respondent = f"{year}-{code.lower()}-{number:02d}"
            responses.append((units[code].pk, respondent, datetime.date(year, 3, 10 + number),
                              [(points[p]["id"], v) for p, v in _answers(rng, rows, level)]))
    actions.replace_answers(user=None, round=rnd, unit_ids=[u.pk for u in units.values()], responses=responses)
    return actions.close_round(user=None, round=rnd)


def build(region):
    orgs = region["organisations"]
    units = {}
    for code, org, name, *_rest in UNITS:
        if org in orgs:
            units[code] = actions.save_unit(user=None, unit=Unit(organisation=orgs[org], code=code, name=name))
    rows1, rows2 = model_rows(1), model_rows(2)
    description = ("Exempel: en påhittad modell för demon i två dimensioner, digital förmåga och digitalt arv "
                   "(004 §6.1–6.3). Regionen läser in sin egen modell.")
    v1 = actions.create_model_version(user=None, code=CODE, name=NAME, rows=rows1, description=description,
                                      source="Skriven för Styrs demo")
    v2 = actions.create_model_version(user=None, code=CODE, name=NAME, rows=rows2, description=description,
                                      source="Skriven för Styrs demo")
    rng = random.Random(2026)
    r2025 = _round(v1, rows1, units, 2025, rng, first=True)
    r2026 = _round(v2, rows2, units, 2026, rng, first=False)
    return {"rounds": [r2025, r2026], "models": [v1, v2]}
