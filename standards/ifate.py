"""The Institute for Apprenticeships' apprenticeship-standards JSON: read, check and write it.

Pure functions, no database: ``parse_documents`` turns the file's text into ``StandardData`` or raises
ImportRefused listing every problem with its place in the file (its column, as core.tabular names a place
in a JSON document); ``to_document`` writes the JSON back. Codes are not in the file: K1, S1, B1 and D1
come from each statement's position in its list.

The file passes the guards every import shares first (core/tabular.py: size, type, nesting, numbers,
text that can be stored); then every value must fit where it is kept, and the source links must be web
addresses (http or https), since the standard's page links to them.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from core import tabular

from .models import KSB, Duty, Standard
from .selectors import duty_ksbs

KSB_LISTS = (
    ("K", "knowledges", "knowledgeId"),
    ("S", "skills", "skillId"),
    ("B", "behaviours", "behaviourId"),
)
DUTY_MAPS = (
    ("K", "mappedKnowledge", "knowledge"),
    ("S", "mappedSkills", "skill"),
    ("B", "mappedBehaviour", "behaviour"),
)
# This portal's own field, never in the Institute's files: "local" when the duty mapping was made locally.
MAPPING_SOURCE_FIELD = "portalDutyMapping"
# Fields stored in their own columns; everything else in a document is kept as given in other_fields.
KNOWN_FIELDS = {
    "referenceNumber",
    "version",
    "title",
    "level",
    "route",
    "status",
    "occupationReference",
    "overviewOfRole",
    "summary",
    "socCode2020",
    "socSubUnitGroups",
    "typicalJobTitles",
    "keywords",
    "typicalDuration",
    "approvedForDelivery",
    "standardPageUrl",
    "assessmentPlanUrl",
    "knowledges",
    "skills",
    "behaviours",
    "duties",
    "portalDutyMapping",
}
MAX_FILE_BYTES = 5 * tabular.MB
MAX_STATEMENTS = 999  # per list (knowledge, skills, behaviours, duties); a standard has far fewer
MAX_MONTHS = 120
# The longest text each column holds, from the models, so that a file is refused rather than the database.
MAX_LENGTHS = {
    key: Standard._meta.get_field(name).max_length
    for key, name in [
        ("referenceNumber", "reference"),
        ("version", "version"),
        ("title", "title"),
        ("route", "route"),
        ("status", "status"),
        ("occupationReference", "occupation_reference"),
        ("socCode2020", "soc_code"),
        ("standardPageUrl", "source_url"),
        ("assessmentPlanUrl", "assessment_plan_url"),
    ]
}
MAX_ID_LENGTH = min(KSB._meta.get_field("source_id").max_length, Duty._meta.get_field("source_id").max_length)
WEB_ADDRESS_MESSAGE = "Give a web address starting http:// or https://; other kinds of link are not accepted."
web_address = URLValidator(schemes=["http", "https"], message=WEB_ADDRESS_MESSAGE)


@dataclass
class KSBData:
    kind: str
    number: int
    text: str
    source_id: str

    @property
    def code(self):
        return f"{self.kind}{self.number}"


@dataclass
class DutyData:
    number: int
    text: str
    is_core: bool
    source_id: str
    ksb_codes: list[str]
    option_ids: list[str]


@dataclass
class StandardData:
    reference: str
    version: str
    title: str
    level: int
    fields: dict
    ksbs: list[KSBData] = field(default_factory=list)
    duties: list[DutyData] = field(default_factory=list)
    other_fields: dict = field(default_factory=dict)
    mapping_marked_local: bool = False

    @property
    def has_mapping(self):
        return any(d.ksb_codes for d in self.duties)

    @property
    def mapping_source(self):
        """Where the file's duty-to-KSB mapping comes from: the Institute's (published) unless the file says,
        in a field of this portal's that the Institute's files never have, that it was made locally."""
        if not self.has_mapping:
            return Standard.Mapping.NONE
        return Standard.Mapping.LOCAL if self.mapping_marked_local else Standard.Mapping.PUBLISHED


def decode_file(content):
    """The text of a file's bytes, or ImportRefused saying why it is not the Institute's JSON."""
    tabular.check_size(content, MAX_FILE_BYTES)
    tabular.check_json_kind(content)
    return tabular.decode(content, "The file is not text in UTF-8: is it the Institute's JSON file?")


def parse_documents(text):
    """All standards in a file (one object or a list); refuses the whole file if anything is wrong."""
    if len(text) > MAX_FILE_BYTES:
        tabular.refuse(f"The file is larger than {MAX_FILE_BYTES // tabular.MB} MB.")
    data = tabular.load_json(text)
    if isinstance(data, dict):
        documents, prefixes = [data], [""]
    elif isinstance(data, list) and data:
        documents, prefixes = data, [f"[{i}]." for i in range(len(data))]
    else:
        tabular.refuse("expected a standard (an object) or a non-empty list of them", column="top level")
    problems, standards = [], []
    for document, prefix in zip(documents, prefixes, strict=True):
        checker = _Checker(prefix)
        standard = checker.standard(document)
        problems.extend(checker.problems)
        if standard:
            standards.append(standard)
    seen = {}
    for i, s in enumerate(standards):
        key = (s.reference, s.version)
        if key in seen:
            message = f"{s.reference} version {s.version} appears twice in the file (also [{seen[key]}])"
            problems.append(tabular.Problem(None, f"[{i}]", message))
        seen.setdefault(key, i)
    if problems:
        raise tabular.ImportRefused(problems)
    return standards


class _Checker:
    def __init__(self, prefix):
        self.prefix = prefix
        self.problems = []

    def fail(self, place, message):
        self.problems.append(tabular.Problem(None, f"{self.prefix}{place}", message))

    def text(self, obj, key, place=None, required=True, what="text", limit=None):
        """The value as text; ``limit`` (for the standard's own fields, MAX_LENGTHS) is its longest."""
        limit = limit or (MAX_LENGTHS.get(key) if place is None else None)
        value = obj.get(key)
        place = place or key
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(place, "missing" if value is None else f"empty {what}")
            return ""
        if not isinstance(value, str | int | float):
            self.fail(place, f"expected text, found {type(value).__name__}")
            return ""
        value = str(value).strip()
        if limit and len(value) > limit:
            self.fail(place, f"longer than {limit} characters")
            return ""
        return value

    def web_address(self, doc, key):
        value = self.text(doc, key, required=False)
        try:
            if value:
                web_address(value)
        except ValidationError:
            shown = value if len(value) <= 60 else value[:57] + "..."
            self.fail(key, f"{shown!r} is not a web address. {WEB_ADDRESS_MESSAGE}")
            return ""
        return value

    def standard(self, doc):
        if not isinstance(doc, dict):
            self.fail("(standard)", "expected an object")
            return None
        reference = self.text(doc, "referenceNumber")
        version = self.text(doc, "version")
        title = self.text(doc, "title")
        level = self.level(doc)
        ksbs, ids = self.statements(doc)
        duties = self.duties(doc, ids, self.option_ids(doc))
        fields = self.descriptive_fields(doc)
        marked_local = self.mapping_marker(doc)
        if self.problems:
            return None
        other = {k: v for k, v in doc.items() if k not in KNOWN_FIELDS}
        return StandardData(reference, version, title, level, fields, ksbs, duties, other, marked_local)

    def mapping_marker(self, doc):
        """True if the file marks its duty mapping as locally made (as this portal's export does)."""
        value = doc.get(MAPPING_SOURCE_FIELD)
        if value in (None, "", Standard.Mapping.PUBLISHED):
            return False
        if value == Standard.Mapping.LOCAL:
            return True
        self.fail(MAPPING_SOURCE_FIELD, f"expected 'local' or nothing, found {value!r}")
        return False

    def level(self, doc):
        raw = doc.get("level")
        if raw is None:
            self.fail("level", "missing")
            return 0
        try:
            level = int(raw)
        except (TypeError, ValueError):
            self.fail("level", f"expected a whole number, found {raw!r}")
            return 0
        if not 1 <= level <= 8:
            self.fail("level", f"{level} is not an apprenticeship level (1 to 8)")
        return level

    def statements(self, doc):
        ksbs, ids = [], {"K": {}, "S": {}, "B": {}}
        all_ids = {}
        for kind, key, id_key in KSB_LISTS:
            items = doc.get(key)
            if not isinstance(items, list):
                self.fail(key, "missing" if items is None else "expected a list")
                continue
            if len(items) > MAX_STATEMENTS:
                self.fail(key, f"more than {MAX_STATEMENTS} statements; no standard has so many")
                continue
            for i, item in enumerate(items):
                place = f"{key}[{i}]"
                if not isinstance(item, dict):
                    self.fail(place, "expected an object with an id and a detail")
                    continue
                source_id = self.text(item, id_key, f"{place}.{id_key}", limit=MAX_ID_LENGTH)
                text = self.text(item, "detail", f"{place}.detail", what="statement")
                if source_id:
                    if source_id in all_ids:
                        self.fail(
                            f"{place}.{id_key}", f"duplicate id {source_id!r} (also {all_ids[source_id]})"
                        )
                    else:
                        all_ids[source_id] = place
                        ids[kind][source_id] = f"{kind}{i + 1}"
                ksbs.append(KSBData(kind, i + 1, text, source_id))
        return ksbs, ids

    def option_ids(self, doc):
        options = doc.get("options") or []
        if not isinstance(options, list):
            self.fail("options", "expected a list")
            return set()
        found = set()
        for option in options:
            if isinstance(option, dict):
                found.add(str(option.get("optionId") or option.get("optionID") or option.get("id") or ""))
            else:
                found.add(str(option))
        return found - {""}

    def duties(self, doc, ids, option_ids):
        items = doc.get("duties")
        if not isinstance(items, list):
            self.fail("duties", "missing" if items is None else "expected a list")
            return []
        if len(items) > MAX_STATEMENTS:
            self.fail("duties", f"more than {MAX_STATEMENTS} duties; no standard has so many")
            return []
        duties, seen = [], {}
        for i, item in enumerate(items):
            place = f"duties[{i}]"
            if not isinstance(item, dict):
                self.fail(place, "expected an object")
                continue
            source_id = self.text(item, "dutyID", f"{place}.dutyID", limit=MAX_ID_LENGTH)
            if source_id in seen:
                self.fail(f"{place}.dutyID", f"duplicate id {source_id!r} (also {seen[source_id]})")
            seen.setdefault(source_id, place)
            text = self.text(item, "dutyDetail", f"{place}.dutyDetail", what="duty")
            codes = []
            for kind, key, noun in DUTY_MAPS:
                mapped = item.get(key) or []
                if not isinstance(mapped, list):
                    self.fail(f"{place}.{key}", "expected a list of ids")
                    continue
                for j, ksb_id in enumerate(mapped):
                    code = ids[kind].get(str(ksb_id))
                    if code is None:
                        self.fail(f"{place}.{key}[{j}]", f"no {noun} with id {ksb_id!r}")
                    elif code not in codes:
                        codes.append(code)
            options = item.get("mappedOptions") or []
            if not isinstance(options, list):
                self.fail(f"{place}.mappedOptions", "expected a list of ids")
                options = []
            for j, option in enumerate(options):
                if str(option) not in option_ids:
                    self.fail(f"{place}.mappedOptions[{j}]", f"no option with id {option!r}")
            core = item.get("isThisACoreDuty", True)
            duties.append(DutyData(i + 1, text, bool(core), source_id, codes, [str(o) for o in options]))
        return duties

    def descriptive_fields(self, doc):
        def listing(key):
            value = doc.get(key)
            if value in (None, ""):
                return []
            if isinstance(value, str):  # the Institute's API gives some lists as "a|b|c"
                return [part.strip() for part in value.split("|") if part.strip()]
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return value
            self.fail(key, "expected a list of text or text separated by |")
            return []

        duration = doc.get("typicalDuration")
        if duration not in (None, ""):
            try:
                duration = int(duration)
            except (TypeError, ValueError):
                self.fail("typicalDuration", f"expected a number of months, found {duration!r}")
                duration = None
            if duration is not None and not 0 <= duration <= MAX_MONTHS:
                self.fail("typicalDuration", f"{duration} is not a number of months from 1 to {MAX_MONTHS}")
                duration = None
        approved = doc.get("approvedForDelivery")
        approved_date = None
        if approved:
            try:
                approved_date = date.fromisoformat(str(approved)[:10])
            except ValueError:
                self.fail("approvedForDelivery", f"expected a date (YYYY-MM-DD), found {approved!r}")
        return {
            "route": self.text(doc, "route", required=False),
            "status": self.text(doc, "status", required=False),
            "occupation_reference": self.text(doc, "occupationReference", required=False),
            "overview": self.text(doc, "overviewOfRole", required=False),
            "summary": self.text(doc, "summary", required=False),
            "soc_code": self.text(doc, "socCode2020", required=False),
            "soc_sub_unit_groups": listing("socSubUnitGroups"),
            "typical_job_titles": listing("typicalJobTitles"),
            "keywords": listing("keywords"),
            "typical_duration_months": duration or None,
            "approved_date": approved_date,
            "source_url": self.web_address(doc, "standardPageUrl"),
            "assessment_plan_url": self.web_address(doc, "assessmentPlanUrl"),
        }


def to_document(standard):
    """The Institute's JSON for a stored standard: what was imported, with the mapping as it stands now.

    A locally made mapping is marked so in a field the Institute's files never have (MAPPING_SOURCE_FIELD),
    so that importing the file again keeps it labelled local instead of passing it off as published."""
    ksbs = list(standard.ksbs.order_by("number"))
    doc = {
        "referenceNumber": standard.reference,
        "version": standard.version,
        "title": standard.title,
        "level": standard.level,
        "status": standard.status,
        "route": standard.route,
        "occupationReference": standard.occupation_reference,
        "overviewOfRole": standard.overview,
        "summary": standard.summary,
        "socCode2020": standard.soc_code,
        "socSubUnitGroups": standard.soc_sub_unit_groups,
        "typicalJobTitles": standard.typical_job_titles,
        "keywords": standard.keywords,
        "typicalDuration": standard.typical_duration_months,
        "approvedForDelivery": standard.approved_date.isoformat() if standard.approved_date else None,
        "standardPageUrl": standard.source_url,
        "assessmentPlanUrl": standard.assessment_plan_url or None,
        **standard.other_fields,
    }
    for kind, key, id_key in KSB_LISTS:
        doc[key] = [{id_key: k.source_id, "detail": k.text} for k in ksbs if k.kind == kind]
    doc["duties"] = []
    for duty, mapped in duty_ksbs(standard, ksbs):
        entry = {
            "dutyID": duty.source_id,
            "dutyDetail": duty.text,
            "isThisACoreDuty": 1 if duty.is_core else 0,
        }
        for kind, key, _ in DUTY_MAPS:
            entry[key] = [k.source_id for k in mapped if k.kind == kind]
        entry["mappedOptions"] = duty.option_ids
        doc["duties"].append(entry)
    if standard.has_local_mapping:
        doc[MAPPING_SOURCE_FIELD] = Standard.Mapping.LOCAL.value
    return doc
