#!/usr/bin/env python3
"""Generate a deterministic synthetic agenda folder of Swedish decision memos for benchmarking jamlint.

Usage: generate_corpus.py OUT_DIR [COUNT] [SEED] [--small] [--force] [--quiet]

The corpus imitates what a municipality's agenda packs look like: meeting folders with memos
(tjänsteskrivelser) in Markdown (~70 %) and XHTML (~30 %), 1 KB to 200 KB each (about 4 KB on
average, so 10,000 memos are about 40 MB), with explicit and implicit headings (bold lines,
plain section names, numbered headings, "Label:" prefixes), tables, people counts with and
without a split by sex, and gender sections of every quality (exemplary, missing, placeholder,
boilerplate, justified, one sex only, staff only ...), plus procedural items that are exempt.

The output depends only on SEED and each file's index (standard library only, no network), so
the same command always writes the same bytes. A summary with size and format statistics is
printed, and a manifest is written next to the folder as OUT_DIR.manifest.json.
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import sys

KB = 1024
MIN_SIZE = 1 * KB
MAX_SIZE = 200 * KB
MARKER = ".jamlint-bench-corpus"

MUNICIPALITIES = ["Storåsens", "Västerhamns", "Ekebo", "Mälarviks", "Norrlida", "Sjöbacka", "Granviks",
                  "Östra Almby", "Björkeby", "Lindåsa"]
PLACES = ["Norrby", "Sandvik", "Lugnet", "Östra Hamnen", "Kvarnbacken", "Ekudden", "Solberga", "Tallåsen",
          "Centrum", "Västra Dalen", "Bruket", "Stationsområdet"]
FIRST = ["Anna", "Maria", "Sara", "Karin", "Eva", "Lena", "Fatima", "Elin", "Johan", "Erik", "Lars", "Ahmed",
         "Per", "Mikael", "Jonas", "Ali", "Sofia", "Nils", "Emma", "Hanna"]
LAST = ["Lindqvist", "Berg", "Holm", "Åkesson", "Nyström", "Ek", "Karlsson", "Svensson", "Yilmaz", "Öberg",
        "Sandberg", "Hosseini", "Lund", "Forsberg", "Ström"]

# organ, short dnr prefix, förvaltning
ORGANS = [
    ("Kommunstyrelsen", "KS", "Kommunledningsförvaltningen"),
    ("Socialnämnden", "SN", "Socialförvaltningen"),
    ("Barn- och utbildningsnämnden", "BUN", "Barn- och utbildningsförvaltningen"),
    ("Vård- och omsorgsnämnden", "VON", "Vård- och omsorgsförvaltningen"),
    ("Kultur- och fritidsnämnden", "KFN", "Kultur- och fritidsförvaltningen"),
    ("Samhällsbyggnadsnämnden", "SBN", "Samhällsbyggnadsförvaltningen"),
    ("Tekniska nämnden", "TN", "Tekniska förvaltningen"),
    ("Arbetsmarknadsnämnden", "AMN", "Arbetsmarknadsförvaltningen"),
    ("Miljö- och byggnadsnämnden", "MBN", "Miljö- och byggförvaltningen"),
]

# topic: (organ index, title, users noun (plural indefinite), users definite, concerns children, slug)
TOPICS = [
    (3, "Reviderade riktlinjer för biståndsbedömning i hemtjänsten", "brukare", "brukarna", False, "hemtjanst"),
    (3, "Ny avgift för trygghetslarm", "personer med trygghetslarm", "dem med larm", False, "trygghetslarm"),
    (3, "Utökad dagverksamhet för personer med demenssjukdom", "deltagare", "deltagarna", False, "dagverksamhet"),
    (1, "Riktlinjer för ekonomiskt bistånd", "sökande", "de sökande", False, "ekonomiskt-bistand"),
    (1, "Organisation av öppenvården för vuxna med missbruk", "klienter", "klienterna", False, "oppenvard"),
    (1, "Handlingsplan mot våld i nära relationer", "våldsutsatta", "de våldsutsatta", False, "vald-nara"),
    (2, "Samordnade öppettider för fritidshemmen", "elever", "eleverna", True, "fritidshem"),
    (2, "Utbyggnad av förskoleplatser", "barn", "barnen", True, "forskola"),
    (2, "Skolskjutsregler för grundskolan", "elever", "eleverna", True, "skolskjuts"),
    (2, "Simundervisning i årskurs 4–6", "elever", "eleverna", True, "simundervisning"),
    (4, "Fördelning av träningstider i idrottshallarna", "aktiva", "de aktiva", True, "traningstider"),
    (4, "Ändrade öppettider på filialbiblioteken", "besökare", "besökarna", False, "bibliotek"),
    (4, "Bidrag till studieförbund och föreningar", "medlemmar", "medlemmarna", False, "foreningsbidrag"),
    (0, "Försök med medborgarbudget", "invånare", "invånarna", False, "medborgarbudget"),
    (0, "Avgiftsfria resor i kollektivtrafiken för personer över 75 år", "resenärer", "resenärerna", False,
     "seniorkort"),
    (0, "Digitaliseringsstrategi", "användare", "användarna", False, "digitalisering"),
    (5, "Trygghetsbelysning längs gång- och cykelvägar", "invånare", "invånarna", False, "belysning"),
    (5, "Ny taxa för parkering på gatumark", "bilister", "bilisterna", False, "parkering"),
    (5, "Detaljplan för bostäder", "boende", "de boende", False, "detaljplan"),
    (6, "Ny taxa för färdtjänst", "resenärer", "resenärerna", False, "fardtjanst"),
    (6, "Indexuppräkning av taxa för slamtömning", "abonnenter", "abonnenterna", False, "slamtomning"),
    (6, "Sammanslagning av tillagningskök", "matgäster", "matgästerna", False, "tillagningskok"),
    (7, "Arbetsmarknadsinsatsen Steg till arbete", "deltagare", "deltagarna", False, "steg-till-arbete"),
    (7, "Feriearbete för ungdomar", "ungdomar", "ungdomarna", True, "feriearbete"),
    (8, "Taxa för tillsyn enligt miljöbalken", "verksamhetsutövare", "verksamhetsutövarna", False, "miljotaxa"),
]

PROCEDURAL = [
    "Val av ersättare i {organ_l} arbetsutskott",
    "Anmälan av delegationsbeslut {month} {year}",
    "Sammanträdestider för {organ} {next_year}",
    "Avsägelse av uppdrag som ledamot i {organ_l}",
    "Firmatecknare för {organ} {next_year}",
    "Attestordning för {organ} {next_year}",
    "Anmälan av meddelanden {month} {year}",
]
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "augusti", "september", "oktober",
          "november", "december"]

GENDER_HEADINGS = ["Konsekvenser för jämställdhet", "Jämställdhetsperspektiv", "Jämställdhetsanalys",
                   "Jämställdhet", "Könskonsekvensbeskrivning", "Konsekvenser för kvinnor och män",
                   "Jämställdhetsbedömning", "Konsekvenser ur ett jämställdhetsperspektiv"]

# quality of the gender section, with weights; the names go into the manifest
QUALITIES = [
    ("excellent", 14), ("good-no-intersection", 8), ("good-no-followup", 6), ("good-no-goal", 6),
    ("missing", 11), ("placeholder", 7), ("boilerplate", 9), ("justified", 5), ("gender-neutral", 5),
    ("one-sex", 5), ("children-no-girls-boys", 4), ("staff-only", 5), ("differences-no-measures", 5),
    ("statistics-only", 4), ("procedural", 6),
]

PLACEHOLDERS = ["«Diarienr»", "Klicka här för att ange text.", "[Ange rubrik]", "ÅÅÅÅ-MM-DD", "«Handläggare»"]

NBSP = "\u00a0"


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for item, w in pairs:
        x -= w
        if x <= 0:
            return item
    return pairs[-1][0]


def target_size(rng):
    """A file size in bytes: most memos are short, a few are long investigations (mean about 4 KB)."""
    r = rng.random()
    # 0.83 compensates for what rendering adds beyond the estimate, so that the mean ends near 4 KB
    scale = 0.83
    if r < 0.80:
        size = rng.uniform(1.0, 4.0)
    elif r < 0.97:
        size = rng.uniform(4.0, 10.0)
    elif r < 0.997:
        size = rng.uniform(10.0, 40.0)
    else:
        size = rng.uniform(40.0, 200.0)
    return max(MIN_SIZE, min(MAX_SIZE, int(size * scale * KB)))


def num(rng, lo, hi, nbsp=False):
    """A number formatted the Swedish way (space or NBSP as thousands separator)."""
    n = rng.randint(lo, hi)
    s = f"{n:,}".replace(",", NBSP if nbsp else " ")
    return n, s


def fmt(n, nbsp=False):
    return f"{n:,}".replace(",", NBSP if nbsp else " ")


class Memo:
    """A memo as a list of blocks, rendered later to Markdown or XHTML."""

    def __init__(self):
        self.header = []      # lines of the header (metadata)
        self.title = ""
        self.blocks = []      # (kind, payload)

    def h(self, text, level=2, style=None):
        self.blocks.append(("h", (level, text, style)))

    def p(self, text):
        self.blocks.append(("p", text))

    def ul(self, items):
        self.blocks.append(("ul", items))

    def ol(self, items):
        self.blocks.append(("ol", items))

    def table(self, head, rows):
        self.blocks.append(("table", (head, rows)))

    def label(self, label, text):
        """A paragraph that starts with a label ("Jämställdhetsperspektiv: ...")."""
        self.blocks.append(("label", (label, text)))


class Context:
    def __init__(self, rng, index, nbsp):
        self.rng = rng
        self.index = index
        self.nbsp = nbsp
        self.muni = rng.choice(MUNICIPALITIES)
        self.place = rng.choice(PLACES)
        self.year = rng.choice([2023, 2024, 2025])
        self.date = f"{self.year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        self.person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"

    def n(self, lo, hi):
        return num(self.rng, lo, hi, self.nbsp)[1]


def dnr(ctx, prefix):
    rng = ctx.rng
    y = ctx.year
    forms = [
        f"{prefix} {y}/{rng.randint(1, 999):04d}", f"{prefix}-{y}-{rng.randint(1, 999):05d}",
        f"{prefix} {y}-{rng.randint(1, 999):05d}", f"{rng.randint(1, 999):04d}/{y % 100}",
        f"{y}/{prefix} {rng.randint(1, 999):04d}", f"{prefix}/{y}:{rng.randint(1, 300)}",
        f"{prefix.capitalize()} {rng.randint(1, 999)}/{y}",
    ]
    return rng.choice(forms)


def people_split(ctx, total_lo, total_hi, female_share=None):
    rng = ctx.rng
    total = rng.randint(total_lo, total_hi)
    share = female_share if female_share is not None else rng.uniform(0.3, 0.7)
    women = int(round(total * share))
    return total, women, total - women


# ---------------------------------------------------------------------------------------------
# Prose pools. Each function returns one paragraph; "{...}" fields are filled from the context.

BACKGROUND_SENTENCES = [
    "Nämnden beslutade {date} att ge förvaltningen i uppdrag att se över {thing}.",
    "Förvaltningen har under hösten genomfört en kartläggning av {thing} i kommundelen {place}.",
    "Kostnaderna för {thing} har ökat med {pct} procent sedan {year0}, medan intäkterna är oförändrade.",
    "Man kan konstatera att efterfrågan varierar kraftigt mellan kommundelarna.",
    "Tjänstemän från förvaltningen har träffat representanter för {partner} vid två tillfällen.",
    "Ärendet har beretts i samverkan med de fackliga organisationerna enligt MBL.",
    "Erfarenheterna från grannkommunerna visar att en samlad organisation ger bättre överblick.",
    "Inspektionen {year0} visade brister i rutinerna för dokumentation och uppföljning.",
    "Regelverket ändrades {year0}, och kommunens riktlinjer behöver därför uppdateras.",
    "Förslaget har varit på remiss hos {partner}, som i huvudsak tillstyrker det.",
    "Lokalerna i {place} uppfyller inte längre kraven på tillgänglighet och arbetsmiljö.",
    "Budgeten för {thing} uppgår till {mkr} miljoner kronor för {year}.",
    "Verksamheten omfattar {households} hushåll i kommundelen {place}.",
    "I kön till {queue} står i dag {queue_n} ansökningar, och väntetiden är i genomsnitt {months} månader.",
    "Nuvarande riktlinjer antogs {year0} och har sedan dess reviderats vid ett tillfälle.",
    "Under {year0} genomfördes en enkät som besvarades av {pct} procent av de tillfrågade.",
    "Förvaltningen har jämfört kommunens kostnader med Koladas nyckeltal för liknande kommuner.",
    "Samordningen med {partner} har fungerat väl, men ansvarsfördelningen behöver förtydligas.",
    "Kommunfullmäktige har i budgeten för {year} angett att {thing} ska prioriteras.",
    "Revisorerna påpekade i sin granskning {year0} att uppföljningen av {thing} behöver förbättras.",
    "Verksamheten i {place} har haft svårt att rekrytera, och flera tjänster har varit vakanta.",
    "Förslaget har tagits fram i en arbetsgrupp med representanter för samtliga berörda enheter.",
    "En tidigare utredning från {year0} föreslog en liknande förändring, som då inte genomfördes.",
    "Efterfrågan väntas öka de kommande åren i takt med att befolkningen i {place} växer.",
    "Avtalet med nuvarande leverantör löper ut vid årsskiftet och kan inte förlängas.",
    "Förvaltningen har under våren haft dialog med {partner} om hur förändringen kan genomföras.",
    "Investeringen beräknas till {mkr} miljoner kronor och fördelas över tre år.",
    "Det finns i dag ingen gemensam rutin för hur ärendena dokumenteras och följs upp.",
]
SUMMARY_SENTENCES = [
    "Förvaltningen föreslår att {thing} ändras så att den blir mer enhetlig och lättare att följa upp.",
    "Ärendet gäller {thing}, som nämnden gav förvaltningen i uppdrag att utreda {date}.",
    "Förslaget innebär att verksamheten samordnas och att kostnaderna minskar med {mkr} miljoner kronor.",
    "Förvaltningen har utrett {thing} och föreslår en stegvis förändring från och med {year}.",
    "De nya reglerna ska ge en tydligare och mer likvärdig handläggning i hela kommunen.",
]
PARTNERS = ["Kommunala pensionärsrådet", "Rådet för funktionshinderfrågor", "regionen", "polisen",
            "föreningslivet", "Arbetsförmedlingen", "brukarorganisationerna", "ungdomsrådet"]
QUEUES = ["förskolan", "särskilt boende", "bostadsanpassningen", "kulturskolan", "simskolan"]
ASSESSMENT_SENTENCES = [
    "Förvaltningen bedömer att förslaget ger en mer enhetlig och rättssäker handläggning.",
    "En samlad organisation gör det lättare att använda personal och lokaler effektivt.",
    "Förslaget innebär en tydligare ansvarsfördelning mellan förvaltningarna.",
    "Förvaltningen bedömer att förändringen kan genomföras inom befintliga ramar.",
    "Risken för att kvaliteten försämras under omställningen bedöms som liten.",
    "Det finns skäl att utvärdera förändringen efter ett år innan den permanentas.",
    "Alternativet att behålla nuvarande ordning har också prövats men bedöms bli dyrare på sikt.",
]


def fill(ctx, template, thing):
    rng = ctx.rng
    return template.format(
        date=ctx.date, thing=thing, place=rng.choice(PLACES), pct=rng.randint(4, 40),
        year0=ctx.year - rng.randint(1, 6), year=ctx.year, partner=rng.choice(PARTNERS),
        mkr=f"{rng.randint(1, 80)},{rng.randint(0, 9)}", households=ctx.n(40, 2400),
        queue=rng.choice(QUEUES), queue_n=ctx.n(12, 600), months=rng.randint(2, 9))


def background_paragraph(ctx, thing, users, allow_unsplit, children=False):
    rng = ctx.rng
    sentences = [fill(ctx, t, thing) for t in rng.sample(BACKGROUND_SENTENCES, rng.randint(2, 5))]
    r = rng.random()
    if r < 0.35:
        total, w, m = people_split(ctx, 40, 6000)
        sentences.insert(rng.randint(0, len(sentences)),
                         f"Under {ctx.year - 1} hade {fmt(total, ctx.nbsp)} {users} insatser, "
                         f"varav {fmt(w, ctx.nbsp)} {'flickor' if children else 'kvinnor'} och "
                         f"{fmt(m, ctx.nbsp)} {'pojkar' if children else 'män'}.")
    elif r < 0.55 and allow_unsplit:
        # a people count that is not split by sex (JAM006)
        forms = [f"Verksamheten har {ctx.n(40, 4000)} {users}.",
                 f"Omkring {rng.randint(10, 90)} procent av {users_def(users)} är nöjda med verksamheten.",
                 f"Under året tillkom {ctx.n(10, 400)} nya {users}."]
        sentences.insert(rng.randint(0, len(sentences)), rng.choice(forms))
    return " ".join(sentences)


def users_def(users):
    # crude definite plural for the few nouns used as users
    table = {"brukare": "brukarna", "elever": "eleverna", "barn": "barnen", "deltagare": "deltagarna",
             "invånare": "invånarna", "besökare": "besökarna", "resenärer": "resenärerna", "klienter": "klienterna",
             "sökande": "de sökande", "aktiva": "de aktiva", "användare": "användarna", "medlemmar": "medlemmarna",
             "ungdomar": "ungdomarna", "boende": "de boende", "bilister": "bilisterna", "matgäster": "matgästerna",
             "abonnenter": "abonnenterna"}
    return table.get(users, "dem som berörs")


def data_table(ctx, users, split):
    rng = ctx.rng
    units = rng.sample(PLACES, rng.randint(3, 7))
    if split:
        head = ["Enhet", "Kvinnor", "Män", "Totalt"]
        rows = []
        for u in units:
            total, w, m = people_split(ctx, 10, 900)
            rows.append([u, fmt(w, ctx.nbsp), fmt(m, ctx.nbsp), fmt(total, ctx.nbsp)])
    else:
        head = ["Enhet", f"Antal {users}", "Andel nöjda, %", "Kostnad, tkr"]
        rows = [[u, fmt(rng.randint(10, 900), ctx.nbsp), str(rng.randint(50, 98)), fmt(rng.randint(200, 30000))]
                for u in units]
    return head, rows


def cost_table(ctx):
    rng = ctx.rng
    head = ["Post", str(ctx.year), str(ctx.year + 1), str(ctx.year + 2)]
    posts = rng.sample(["Personal", "Lokaler", "Transporter", "IT-system", "Material", "Utbildning", "Övrigt"],
                       rng.randint(3, 6))
    rows = [[p] + [fmt(rng.randint(100, 40000)) for _ in range(3)] for p in posts]
    return head, rows


# ---------------------------------------------------------------------------------------------
# Gender sections by quality. Each returns (blocks, flags) where blocks are ("p", text) etc.

def gender_blocks(ctx, quality, users, children):
    rng = ctx.rng
    nb = ctx.nbsp
    total, w, m = people_split(ctx, 60, 5000)
    pw = round(100 * w / total)
    target = f"Målgruppen är de kvinnor och män{' samt flickor och pojkar' if children else ''} som berörs av förslaget."
    stats = (f"Av de {fmt(total, nb)} {users} som berörs är {fmt(w, nb)} kvinnor och {fmt(m, nb)} män, "
             f"det vill säga {pw} procent kvinnor.")
    if children:
        tg, g, b = people_split(ctx, 40, 3000, rng.uniform(0.4, 0.6))
        stats = (f"Förslaget berör {fmt(tg, nb)} barn och unga, varav {fmt(g, nb)} flickor och {fmt(b, nb)} pojkar. "
                 + stats)
    diff = rng.choice([
        "Kvinnor är överrepresenterade bland dem som beviljas insatser, medan män oftare avstår.",
        "Skillnaden mellan kvinnor och män beror delvis på normer om vem som ska ta ansvar för hem och omsorg.",
        "Män beviljas i genomsnitt fler timmar än kvinnor med samma behov, vilket inte har sakliga skäl.",
        "Andelen kvinnor som deltar är högre än andelen män, framför allt i de äldre åldersgrupperna.",
    ])
    consequence = rng.choice([
        "För kvinnor innebär förslaget bättre tillgång till service, och för män minskar risken för isolering.",
        "Förslaget väntas ge kvinnor och män mer likvärdiga villkor, även om vissa män får något färre timmar.",
        "Kvinnor och män påverkas på olika sätt: kvinnor får kortare väntetid och män ett bredare utbud.",
    ])
    if children:
        consequence += " Flickor och pojkar får en mer likvärdig tillgång till verksamheten."
    inter = rng.choice([
        "Utrikes födda kvinnor och äldre män med funktionsnedsättning behöver särskilt stöd för att ta del av förändringen.",
        "Ålder, födelseland och funktionsnedsättning påverkar också vilka som nås, liksom om man bor på landsbygden.",
        "Ensamstående med låg inkomst påverkas mest, oavsett kön, och personer med annan könsidentitet ska bemötas likvärdigt.",
    ])
    measure = rng.choice([
        "Som åtgärd föreslås riktad information på flera språk och uppsökande verksamhet.",
        "Förvaltningen föreslår att handläggarna kalibrerar bedömningarna för att motverka omotiverade skillnader.",
        "En riktad insats föreslås för den grupp som i dag nås i lägst grad.",
    ])
    goal = rng.choice([
        "Förslaget bidrar till målen i kommunens jämställdhetsplan och till det jämställdhetspolitiska delmålet om jämställd hälsa.",
        "Förslaget bidrar till de jämställdhetspolitiska delmålen om ekonomisk jämställdhet och jämn fördelning av det obetalda arbetet.",
        "Förslaget ligger i linje med kommunens jämställdhetsprogram och CEMR-deklarationen.",
    ])
    follow = rng.choice([
        "Utfallet följs upp könsuppdelat i nämndens delårsrapport.",
        "Nyckeltalen redovisas uppdelat på kön och ålder i verksamhetsberättelsen.",
        "Förändringen utvärderas efter ett år med könsuppdelad statistik.",
    ])
    blocks = []
    table = None
    if quality == "excellent":
        blocks = [target, stats, diff, consequence, inter, measure, goal, follow]
        if rng.random() < 0.5:
            table = (["Uppgift", "Kvinnor", "Män", "Totalt"],
                     [[f"Antal {users}", fmt(w, nb), fmt(m, nb), fmt(total, nb)],
                      ["Andel med beviljad insats, %", str(rng.randint(40, 90)), str(rng.randint(40, 90)),
                       str(rng.randint(40, 90))]])
    elif quality == "good-no-intersection":
        blocks = [target, stats, diff, consequence, measure, goal, follow]
    elif quality == "good-no-followup":
        blocks = [target, stats, diff, consequence, inter, measure, goal]
    elif quality == "good-no-goal":
        blocks = [target, stats, diff, consequence, inter, measure, follow]
    elif quality == "placeholder":
        blocks = [rng.choice(["Ej aktuellt.", "Ej relevant.", "–", "Se ovan.", "Inga.", "Saknas."])]
    elif quality == "boilerplate":
        blocks = [rng.choice([
            "Ärendet bedöms inte ha några konsekvenser för jämställdheten.",
            "Förvaltningen har gått igenom förslaget. Beslutet bedöms inte medföra några konsekvenser för jämställdheten.",
            "Förslaget bedöms inte påverka jämställdheten mellan kvinnor och män.",
        ])]
    elif quality == "justified":
        blocks = [f"Förslaget bedöms inte påverka jämställdheten, eftersom avgiften tas ut per fastighet och "
                  f"inte beror på vem som bor där. Bland de privatpersoner som berörs är {fmt(w, nb)} kvinnor "
                  f"och {fmt(m, nb)} män, och förändringen är densamma för alla."]
    elif quality == "gender-neutral":
        blocks = [rng.choice([
            "Förslaget är könsneutralt och berör alla invånare lika.",
            "Beslutet är könsneutralt. Det gäller alla brukare på samma villkor.",
            f"Förslaget berör alla {users} lika oavsett kön.",
        ])]
    elif quality == "one-sex":
        blocks = [f"Förslaget väntas ge fler kvinnor tillgång till {rng.choice(['insatsen', 'verksamheten'])}. "
                  f"I dag deltar {fmt(w, nb)} kvinnor. Man kan konstatera att efterfrågan är stor.", measure, goal,
                  follow]
    elif quality == "children-no-girls-boys":
        blocks = ["De som berörs är barnen och deras vårdnadshavare. Kvinnor går oftare än män ned i arbetstid "
                  "när barnen är små, och förslaget underlättar för dem att arbeta heltid.",
                  "Barnen får en mer sammanhållen dag.", measure, goal, follow]
    elif quality == "staff-only":
        pw2 = rng.randint(60, 92)
        st, sw, sm = people_split(ctx, 12, 400, pw2 / 100)
        blocks = [f"Personalen består till {pw2} % av kvinnor. Enheten har {fmt(st, nb)} medarbetare, "
                  f"varav {fmt(sw, nb)} kvinnor och {fmt(sm, nb)} män.",
                  "Förändringen påverkar arbetsmiljön för de anställda, och som åtgärd föreslås rotation mellan "
                  "arbetsuppgifter. Arbetsgivarens jämställdhetsplan följs, och arbetsmiljön följs upp i "
                  "medarbetarenkäten."]
    elif quality == "differences-no-measures":
        blocks = [target, stats, diff, "Förändringen kan öka skillnaden mellan kvinnor och män."]
    elif quality == "statistics-only":
        blocks = [stats]
    return blocks, table


# ---------------------------------------------------------------------------------------------

def build_memo(ctx, size, meeting_organ=None):
    """Builds one memo of about `size` bytes; most items belong to the organ whose meeting it is."""
    rng = ctx.rng
    own = [o for o in ORGANS if o[0] == meeting_organ]
    quality = weighted(rng, QUALITIES)
    memo = Memo()
    info = {"quality": quality}
    if quality == "procedural":
        size = min(size, 6 * KB)  # elections and delegation lists are short
        organ, prefix, forv = own[0] if own else rng.choice(ORGANS)
        title = rng.choice(PROCEDURAL).format(organ=organ, organ_l=organ.lower().rstrip("n") + "ns"
                                              if organ.endswith("en") else organ.lower() + "s",
                                              month=rng.choice(MONTHS), year=ctx.year, next_year=ctx.year + 1)
        topic = None
        users, children, slug = "ledamöter", False, "procedurellt"
    else:
        mine = [t for t in TOPICS if own and ORGANS[t[0]] == own[0]]
        topic = rng.choice(mine) if mine and rng.random() < 0.85 else rng.choice(TOPICS)
        organ, prefix, forv = ORGANS[topic[0]]
        title = f"{topic[1]} i {ctx.place}" if rng.random() < 0.4 else f"{topic[1]} {ctx.year + 1}"
        users, children, slug = topic[2], topic[4], topic[5]
    info["slug"] = slug
    placeholders = rng.random() < 0.03
    memo.title = "[Ange rubrik]" if placeholders and rng.random() < 0.3 else title
    memo.header = [f"{ctx.muni} kommun, {forv}",
                   f"Datum: {'ÅÅÅÅ-MM-DD' if placeholders and rng.random() < 0.5 else ctx.date}",
                   rng.choice(["Diarienummer: ", "Dnr ", "Dnr: ", "Vår beteckning: "])
                   + ("«Diarienr»" if placeholders else dnr(ctx, prefix)),
                   f"Handläggare: {ctx.person}"]
    if rng.random() < 0.3:
        memo.header.insert(0, "TJÄNSTESKRIVELSE")
    info["placeholders"] = placeholders
    base = topic[1] if topic else title
    thing = base[0].lower() + base[1:]

    memo.h(rng.choice(["Förslag till beslut", f"Förslag till beslut i {organ.lower()}", "Förvaltningens förslag till beslut"]))
    memo.p(f"{organ} beslutar")
    memo.ol([f"att {rng.choice(['anta', 'godkänna', 'fastställa'])} {thing} enligt bilaga 1,",
             f"att beslutet gäller från och med {ctx.year + 1}-01-01."][: rng.randint(1, 2)])
    memo.h(rng.choice(["Sammanfattning", "Sammanfattning av ärendet", "Ärendet i korthet"]))
    memo.p(" ".join(fill(ctx, t, thing) for t in rng.sample(SUMMARY_SENTENCES, rng.randint(1, 3))))
    if quality != "procedural":
        memo.h(rng.choice(["Bakgrund", "Beskrivning av ärendet", "Ärendet", "Ärendebeskrivning"]))
    attachments = ["Tjänsteskrivelse " + ctx.date, f"Bilaga 1 {title}"]
    body_index = len(memo.blocks)

    # the tail of the memo: assessment, gender section, other consequences, basis, dispatch
    tail = Memo()
    if quality != "procedural":
        tail.h(rng.choice(["Förvaltningens bedömning", "Bedömning", "Förvaltningens överväganden"]))
        tail.p(" ".join(rng.choice(ASSESSMENT_SENTENCES) for _ in range(rng.randint(2, 4))))
    gblocks, gtable = ([], None) if quality in ("missing", "procedural") else gender_blocks(ctx, quality, users, children)
    missing_attachment = bool(gblocks) and rng.random() < 0.05
    if missing_attachment:
        gblocks = gblocks + ["Den fullständiga analysen redovisas i checklistan, se bilaga 3."]
    info["missing_attachment"] = missing_attachment
    if gblocks:
        heading = rng.choice(GENDER_HEADINGS)
        if rng.random() < 0.15:
            tail.label(heading, gblocks[0])
        else:
            tail.h(heading, style="gender")
            tail.p(gblocks[0])
        if gtable:
            tail.table(*gtable)
        for b in gblocks[1:]:
            tail.p(b)
    if children and quality != "procedural" and rng.random() < 0.6:
        tail.h("Barnperspektiv")
        tail.p("Barnets bästa har beaktats. " + rng.choice([
            "Flickor och pojkar har fått lämna synpunkter genom elevråden.",
            "Barnen har fått komma till tals enligt artikel 12 i barnkonventionen.",
            "En barnkonsekvensanalys finns i bilaga 2."]))
        attachments.append("Bilaga 2 Barnkonsekvensanalys")
    if quality != "procedural":
        tail.h(rng.choice(["Ekonomiska konsekvenser", "Ekonomi", "Finansiering"]))
        tail.p(f"Förslaget beräknas kosta {rng.randint(1, 60)},{rng.randint(0, 9)} miljoner kronor per år och "
               f"ryms inom nämndens budgetram." if rng.random() < 0.7 else "Klicka här för att ange text."
               if placeholders else "Förslaget medför inga ökade kostnader.")
        if rng.random() < 0.3:
            tail.table(*cost_table(ctx))
    tail.h(rng.choice(["Beslutsunderlag", "Bilagor", "I ärendet finns följande dokument"]))
    tail.ul(attachments)
    tail.h(rng.choice(["Beslutet skickas till", "Beslut sänds till", "Expediering"]))
    tail.p(", ".join(rng.sample(PARTNERS + [forv, "Kommunfullmäktige", "Ekonomiavdelningen"], rng.randint(1, 3))))

    # fill the body until the estimated size is reached
    allow_unsplit = rng.random() < 0.4
    info["unsplit_counts"] = False
    fixed = 600 + sum(len(str(b[1])) for b in memo.blocks + tail.blocks)
    budget = size - fixed
    section = 0
    body = []
    while budget > 0:
        if budget > 3000 and rng.random() < 0.25:
            section += 1
            body.append(("h", (3, f"{section}. {rng.choice(['Nuläge', 'Utredning', 'Omvärldsanalys', 'Alternativ', 'Genomförande', 'Risker', 'Statistik', 'Dialog och samråd'])}", None)))
        r = rng.random()
        if r < 0.12:
            split = rng.random() < 0.6 or not allow_unsplit
            if not split:
                info["unsplit_counts"] = True
            head, rows = data_table(ctx, users, split)
            body.append(("table", (head, rows)))
            budget -= 40 + sum(len(" ".join(row)) + 10 for row in rows)
        elif r < 0.2:
            items = [fill(ctx, t, thing) for t in rng.sample(BACKGROUND_SENTENCES, rng.randint(2, 5))]
            body.append(("ul", items))
            budget -= sum(len(i) + 8 for i in items)
        else:
            text = background_paragraph(ctx, thing, users, allow_unsplit, children)
            if allow_unsplit and ("Verksamheten har" in text or "procent av" in text or "nya " + users in text):
                info["unsplit_counts"] = True
            body.append(("p", text))
            budget -= len(text.encode("utf-8")) + 10
    memo.blocks[body_index:body_index] = body
    memo.blocks.extend(tail.blocks)
    info["children"] = children
    return memo, info


# ---------------------------------------------------------------------------------------------
# Rendering

def render_markdown(memo, rng, implicit, crlf):
    out = []
    header_style = rng.choice(["paragraphs", "lines", "hardbreaks"])
    if header_style == "paragraphs":
        out.extend(line + "\n\n" for line in memo.header)
    elif header_style == "lines":
        out.append("\n".join(memo.header) + "\n\n")
    else:
        out.append("  \n".join(memo.header) + "\n\n")
    out.append((f"**{memo.title}**" if implicit else f"# {memo.title}") + "\n\n")
    number = [0, 0]
    head_mode = rng.choice(["bold", "plain", "numbered"]) if implicit else "atx"
    for kind, payload in memo.blocks:
        if kind == "h":
            level, text, _ = payload
            if head_mode == "atx":
                out.append("#" * level + " " + text + "\n\n")
            elif head_mode == "bold":
                out.append(f"**{text}**\n\n")
            elif head_mode == "plain":
                out.append(f"{text}\n\n")
            else:
                if level <= 2:
                    number[0] += 1
                    number[1] = 0
                    out.append(f"{number[0]} {text}\n\n")
                else:
                    number[1] += 1
                    plain = text.split(". ", 1)[-1]
                    out.append(f"{number[0]}.{number[1]} {plain}\n\n")
        elif kind == "p":
            out.append(payload + "\n\n")
        elif kind == "label":
            label, text = payload
            out.append(f"{label}: {text}\n\n")
        elif kind == "ul":
            out.append("".join(f"- {i}\n" for i in payload) + "\n")
        elif kind == "ol":
            out.append("".join(f"{k}. {i}\n" for k, i in enumerate(payload, 1)) + "\n")
        elif kind == "table":
            head, rows = payload
            out.append("| " + " | ".join(head) + " |\n")
            out.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|\n")
            for row in rows:
                out.append("| " + " | ".join(row) + " |\n")
            out.append("\n")
    text = "".join(out)
    if crlf:
        text = text.replace("\n", "\r\n")
    return text


NAMED = {"ä": "&auml;", "ö": "&ouml;", "å": "&aring;", "Ä": "&Auml;", "Ö": "&Ouml;", "Å": "&Aring;",
         "é": "&eacute;", NBSP: "&nbsp;", "–": "&ndash;"}
NAMED_DECL = {"auml": 228, "ouml": 246, "aring": 229, "Auml": 196, "Ouml": 214, "Aring": 197, "eacute": 233,
              "nbsp": 160, "ndash": 8211}


def xml_escape(text, entities):
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if entities == "named":
        text = "".join(NAMED.get(c, c) for c in text)
    elif entities == "numeric":
        text = "".join(f"&#{ord(c)};" if ord(c) > 127 and c in NAMED else c for c in text)
    return text


def render_xhtml(memo, rng, implicit):
    entities = rng.choice(["utf8", "utf8", "named", "numeric"])
    esc = lambda s: xml_escape(s, entities)  # noqa: E731
    out = []
    if rng.random() < 0.85:
        out.append('<?xml version="1.0" encoding="UTF-8"?>\n')
    if entities == "named":
        decl = "".join(f'  <!ENTITY {k} "&#{v};">\n' for k, v in NAMED_DECL.items())
        out.append(f"<!DOCTYPE html [\n{decl}]>\n")
    elif rng.random() < 0.3:
        out.append('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
                   '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n')
    out.append('<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="sv" lang="sv">\n')
    out.append(f"<head>\n<meta charset=\"UTF-8\" />\n<title>{esc(memo.title)}</title>\n</head>\n<body>\n")
    if rng.random() < 0.5:
        out.append("".join(f"<p class=\"huvud\">{esc(line)}</p>\n" for line in memo.header))
    else:
        out.append("<p>" + "<br />".join(esc(line) for line in memo.header) + "</p>\n")
    out.append((f"<p class=\"MsoTitle\"><b>{esc(memo.title)}</b></p>\n" if implicit
                else f"<h1>{esc(memo.title)}</h1>\n"))
    for kind, payload in memo.blocks:
        if kind == "h":
            level, text, _ = payload
            if implicit:
                out.append(f"<p class=\"MsoNormal\"><b>{esc(text)}</b></p>\n")
            else:
                out.append(f"<h{level}>{esc(text)}</h{level}>\n")
        elif kind == "p":
            out.append(f"<p>{esc(payload)}</p>\n")
        elif kind == "label":
            label, text = payload
            out.append(f"<p><b>{esc(label)}:</b> {esc(text)}</p>\n")
        elif kind in ("ul", "ol"):
            out.append(f"<{kind}>\n" + "".join(f"<li>{esc(i)}</li>\n" for i in payload) + f"</{kind}>\n")
        elif kind == "table":
            head, rows = payload
            out.append("<table>\n<thead>\n<tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>\n</thead>\n<tbody>\n")
            for row in rows:
                out.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>\n")
            out.append("</tbody>\n</table>\n")
    out.append("</body>\n</html>\n")
    return "".join(out), entities


# ---------------------------------------------------------------------------------------------

def ascii_slug(text, limit=48):
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "a", "Ä": "a", "Ö": "o", "é": "e", "–": "-"})
    s = text.translate(table).lower()
    s = "".join(c if c.isascii() and c.isalnum() else "-" for c in s)
    while "--" in s:
        s = s.replace("--", "-")
    return s.strip("-")[:limit].strip("-")


def generate(out_dir, count, seed, small):
    files = []
    meeting = None
    meeting_rng = random.Random(f"{seed}-meetings")
    item_in_meeting = 0
    for i in range(count):
        rng = random.Random(f"{seed}-{i}")
        if meeting is None or item_in_meeting >= meeting[1]:
            organ = meeting_rng.choice(ORGANS)[0]
            m_no = 0 if meeting is None else meeting[2] + 1
            date = f"{meeting_rng.choice([2023, 2024, 2025])}-{meeting_rng.randint(1, 12):02d}-{meeting_rng.randint(1, 28):02d}"
            meeting = (f"{m_no + 1:04d}-{ascii_slug(organ)}-{date}", meeting_rng.randint(15, 45), m_no, organ)
            item_in_meeting = 0
        item_in_meeting += 1
        size = target_size(rng)
        limit = 24 * KB if small else MAX_SIZE
        size = min(size, limit)
        is_md = rng.random() < 0.70
        implicit = rng.random() < (0.35 if is_md else 0.25)
        # Rendering overhead (tags, entities) is only estimated while building, so a memo that ends
        # up outside [MIN_SIZE, limit] is rebuilt from a derived seed with a corrected target.
        for attempt in range(8):
            mrng = random.Random(f"{seed}-{i}-memo-{attempt}")
            ctx = Context(mrng, i, nbsp=mrng.random() < 0.3)
            memo, info = build_memo(ctx, size, meeting[3])
            if is_md:
                text = render_markdown(memo, mrng, implicit, crlf=mrng.random() < 0.05)
                ext, entities = "md", "-"
            else:
                text, entities = render_xhtml(memo, mrng, implicit)
                ext = "xhtml"
            data = text.encode("utf-8")
            if len(data) > limit:
                size = int(size * limit / len(data) * 0.95)
            elif len(data) < MIN_SIZE:
                size = int(size * MIN_SIZE / len(data) * 1.1) + 64
            else:
                break
        rel = os.path.join(meeting[0], f"{item_in_meeting:02d}-{ascii_slug(memo.title, 40) or 'arende'}.{ext}")
        path = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        info.update({"path": rel, "bytes": len(data), "format": ext, "implicit_headings": implicit,
                     "entities": entities})
        files.append(info)
    return files


def summarize(files):
    sizes = sorted(f["bytes"] for f in files)
    n = len(sizes)
    total = sum(sizes)
    md = [f for f in files if f["format"] == "md"]
    md_bytes = sum(f["bytes"] for f in md)
    buckets = [(1, 2), (2, 5), (5, 10), (10, 50), (50, 100), (100, 201)]
    hist = {f"{lo}-{hi} KB": sum(1 for s in sizes if lo * KB <= s < hi * KB) for lo, hi in buckets}
    hist["< 1 KB"] = sum(1 for s in sizes if s < KB)
    qualities = {}
    for f in files:
        qualities[f["quality"]] = qualities.get(f["quality"], 0) + 1
    return {
        "files": n, "bytes": total, "mb": round(total / 1e6, 2),
        "markdown_files": len(md), "xhtml_files": n - len(md),
        "markdown_share_files": round(len(md) / n, 3) if n else 0,
        "markdown_share_bytes": round(md_bytes / total, 3) if total else 0,
        "size_min": sizes[0] if n else 0, "size_median": sizes[n // 2] if n else 0,
        "size_mean": round(total / n) if n else 0, "size_max": sizes[-1] if n else 0,
        "size_histogram": hist,
        "implicit_heading_files": sum(1 for f in files if f["implicit_headings"]),
        "unsplit_count_files": sum(1 for f in files if f["unsplit_counts"]),
        "placeholder_files": sum(1 for f in files if f["placeholders"]),
        "missing_attachment_files": sum(1 for f in files if f["missing_attachment"]),
        "qualities": dict(sorted(qualities.items())),
    }


def typical_file(files, fmt_="md", target=5 * KB):
    candidates = [f for f in files if f["format"] == fmt_ and f["quality"] not in ("procedural",)]
    if not candidates:
        candidates = files
    return min(candidates, key=lambda f: (abs(f["bytes"] - target), f["path"]))["path"] if candidates else None


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("count", nargs="?", type=int, default=None, help="number of memos (default 10000; 300 with --small)")
    ap.add_argument("seed", nargs="?", type=int, default=20240312, help="random seed (default 20240312)")
    ap.add_argument("--small", action="store_true", help="a quick set of a few hundred memos up to 24 KB")
    ap.add_argument("--force", action="store_true", help="replace an existing corpus folder written by this script")
    ap.add_argument("--quiet", action="store_true", help="print only the one-line summary")
    args = ap.parse_args(argv)
    count = args.count if args.count is not None else (300 if args.small else 10000)
    if count < 1:
        ap.error("count must be at least 1")
    out = args.out_dir.rstrip("/") or "/"
    if os.path.exists(out):
        if os.listdir(out):
            if not (args.force and os.path.exists(os.path.join(out, MARKER))):
                ap.error(f"{out} is not empty (use --force to replace a corpus written by this script)")
            shutil.rmtree(out)
        else:
            os.rmdir(out)
    os.makedirs(out)
    with open(os.path.join(out, MARKER), "w") as f:
        f.write("generated by Benchmarks/generate_corpus.py; safe to delete\n")
    files = generate(out, count, args.seed, args.small)
    stats = summarize(files)
    with open(os.path.abspath(__file__), "rb") as f:
        generator_sha = hashlib.sha256(f.read()).hexdigest()
    manifest = {"count": count, "seed": args.seed, "small": args.small, "generator_sha256": generator_sha,
                "typical_markdown_5kb": typical_file(files), "typical_xhtml_5kb": typical_file(files, "xhtml"),
                "stats": stats, "files": files}
    with open(out + ".manifest.json", "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    s = stats
    print(f"corpus: {s['files']} files, {s['mb']} MB in {out} (markdown {s['markdown_files']} files = "
          f"{100 * s['markdown_share_files']:.1f} % of files, {100 * s['markdown_share_bytes']:.1f} % of bytes; "
          f"xhtml {s['xhtml_files']})")
    if not args.quiet:
        print(f"sizes: min {s['size_min']} B, median {s['size_median']} B, mean {s['size_mean']} B, max {s['size_max']} B")
        print("size histogram: " + ", ".join(f"{k}: {v}" for k, v in s["size_histogram"].items()))
        print(f"implicit headings: {s['implicit_heading_files']} files; unsplit people counts: "
              f"{s['unsplit_count_files']}; template placeholders: {s['placeholder_files']}; "
              f"missing attachment: {s['missing_attachment_files']}")
        print("gender-section quality: " + ", ".join(f"{k} {v}" for k, v in s["qualities"].items()))
        print(f"typical 5 KB memo: {manifest['typical_markdown_5kb']}")
        print(f"manifest: {out}.manifest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
