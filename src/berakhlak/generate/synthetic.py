"""Realistic synthetic org and responses files (`berakhlak generate`).

Instansi of four kinds with 5-60 units of realistic sizes, two or more years, differences
between instansi and units, drift between years, speeders and straight-liners, tiny units
and instansi below their minimum; and named scenarios such as Kabupaten Sukamaju, whose
index falls by about one point with five values falling and two rising. Every scenario is a
set of generator parameters: the results come out of the method like any other data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from ..method.counts import exclusion_flags
from ..method.instrument import DEMOGRAPHICS
from ..method.items import PICKS, ItemPool, default_pool
from ..method.params import Params
from . import names as N
from .model import (
    NATIONAL_REACH,
    Answers,
    InstansiModel,
    UnitModel,
    Vocabulary,
    allocate,
    draw_answers,
    instansi_sizes,
    logistic,
    logit,
    unit_models,
)

KIND_SHARES = {"kabupaten": 0.66, "kota": 0.155, "provinsi": 0.06, "kementerian": 0.125}
REGION_SHARES = {"barat": 0.55, "tengah": 0.30, "timur": 0.15}
HEADCOUNT_RANGES = {
    "setda": (150, 350),
    "small": (25, 90),
    "tiny": (12, 30),
    "medium": (80, 250),
    "education": (600, 2500),
    "health": (150, 400),
    "hospital": (300, 900),
    "kecamatan": (14, 60),
    "cabdin": (150, 450),
    "upt": (20, 60),
    "ministry": (60, 2500),
}
HARAPAN = (
    "Pimpinan lebih sering memberi teladan dan arahan yang jelas.",
    "Ada penghargaan yang adil bagi pegawai yang berprestasi.",
    "Pembagian beban kerja lebih merata antarbidang.",
    "Lebih banyak pelatihan teknis dan digital untuk pegawai.",
    "Koordinasi antarbidang lebih lancar, tidak ego sektoral.",
    "Pelayanan kepada masyarakat makin cepat dan ramah.",
    "Suasana kerja yang nyaman dan saling menghargai.",
    "Pemanfaatan aplikasi untuk mengurangi pekerjaan manual.",
    "Kesejahteraan pegawai, termasuk PPPK dan non-ASN, lebih diperhatikan.",
    "Keputusan diambil lebih cepat dan transparan.",
    "Budaya kerja yang berorientasi hasil, bukan sekadar hadir.",
    "Pegawai muda diberi kesempatan menyampaikan ide.",
)
SARAN = (
    "Rapat koordinasi rutin lintas bidang setiap bulan.",
    "Sederhanakan alur persetujuan surat dan dokumen.",
    "Bentuk agen perubahan di setiap bidang.",
    "Evaluasi kinerja yang objektif dan terbuka.",
    "Perbaiki sarana kerja, terutama komputer dan jaringan internet.",
    "Adakan kegiatan kebersamaan untuk mempererat hubungan antarpegawai.",
    "Berikan umpan balik atas masukan pegawai.",
    "Susun standar pelayanan yang mudah dipahami masyarakat.",
    "Rotasi pegawai sesuai kompetensi.",
    "Kurangi lembur dengan perencanaan kerja yang lebih baik.",
)


@dataclass(frozen=True)
class Scenario:
    code: str
    name: str
    region: str
    years: tuple[int, ...]
    respondents: tuple[int, ...]  # per year
    targets: tuple[tuple[float, ...], ...]  # per year, expected value reach in percent
    limiting: tuple[float, ...]  # per year
    units: int
    headcount: int  # staff of the whole instansi; unit sizes are scaled to it


SCENARIOS = {
    # The regency of our brief: 62.1 -> 61.1; BP, AK, HA, LO, KL fall; KO, AD rise.
    "sukamaju": Scenario(
        code="KAB-SKM",
        name="Kabupaten Sukamaju",
        region="barat",
        years=(2024, 2025),
        respondents=(4312, 4087),
        targets=(
            (60.5, 75.2, 58.3, 64.9, 67.4, 41.2, 67.2),
            (58.1, 73.2, 60.1, 62.3, 65.2, 43.5, 65.3),
        ),
        limiting=(0.24, 0.25),
        units=40,
        headcount=7_850,
    ),
}


@dataclass
class GeneratorConfig:
    seed: int = 1
    instansi: int = 12
    respondents: int = 20_000
    """Responses in the whole file, over all years (a scenario's own respondents included)."""
    years: tuple[int, ...] = (2024, 2025)
    scenario: str | None = None
    texts: bool = False


@dataclass
class PlannedUnit:
    code: str
    name: str
    kind: str
    headcount: int


@dataclass
class PlannedInstansi:
    code: str
    name: str
    region: str
    kind: str
    units: list[PlannedUnit]
    effects: npt.NDArray[np.float64]  # (U, V) unit differences on the logit scale
    models: dict[int, InstansiModel] = field(default_factory=dict)
    sizes: dict[int, int] = field(default_factory=dict)  # respondents per year

    @property
    def headcount(self) -> int:
        return sum(u.headcount for u in self.units)


@dataclass
class Expected:
    """What the model expects of one instansi-year, given its realised valid n per unit."""

    unit_codes: list[str]
    valid_n: npt.NDArray[np.int64]
    values: npt.NDArray[np.float64]  # (U, V) percent
    energy: npt.NDArray[np.float64]  # (U,)

    def instansi_values(self) -> npt.NDArray[np.float64]:
        w = self.valid_n / self.valid_n.sum()
        return (self.values * w[:, None]).sum(axis=0)

    def instansi_implementasi(self) -> float:
        return float(self.instansi_values().mean())

    def instansi_energy(self) -> float:
        w = self.valid_n / self.valid_n.sum()
        return float((self.energy * w).sum())


class Synthetic:
    """A synthetic survey: plan first (org, sizes, parameters), then draw answers lazily."""

    def __init__(self, config: GeneratorConfig, pool: ItemPool | None = None) -> None:
        self.config = config
        self.pool = pool or default_pool()
        self.vocab = Vocabulary(self.pool)
        self.rng = np.random.default_rng(config.seed)
        self.scenario = SCENARIOS[config.scenario] if config.scenario else None
        self.years = self.scenario.years if self.scenario else tuple(config.years)
        if len(self.years) < 1:
            raise ValueError("at least one year is needed")
        self.instansi = self._plan()
        self.expected: dict[tuple[str, int], Expected] = {}
        self.written = 0

    # --- planning ------------------------------------------------------------------------

    def _plan(self) -> list[PlannedInstansi]:
        cfg = self.config
        planned = []
        others = cfg.instansi
        if self.scenario:
            planned.append(self._plan_scenario(self.scenario))
            others -= 1
        planned.extend(self._plan_others(max(others, 0)))
        return planned

    def _units(self, kind: str, count: int) -> list[PlannedUnit]:
        rng = self.rng
        if kind == "kementerian":
            picked = sorted(
                rng.choice(
                    len(N.MINISTRY_UNITS), size=min(count, len(N.MINISTRY_UNITS)), replace=False
                )
            )
            specs = [(N.MINISTRY_UNITS[i], "ministry") for i in picked]
        else:
            core, rest = list(N.PEMDA_UNITS[:10]), list(N.PEMDA_UNITS[10:])
            keep = min(len(rest), max(0, count - len(core) - (0 if kind == "provinsi" else 6)))
            chosen = [rest[i] for i in sorted(rng.choice(len(rest), size=keep, replace=False))]
            specs = core + chosen
            fill = count - len(specs)
            places = N.place_names(fill, list(rng.permutation(N.place_count())))
            roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
            for j in range(fill):
                if kind == "provinsi":
                    if j < len(roman):
                        specs.append((f"Cabang Dinas Pendidikan Wilayah {roman[j]}", "cabdin"))
                    else:
                        specs.append((f"UPTD Pendapatan {places[j]}", "upt"))
                else:
                    specs.append((f"Kecamatan {places[j]}", "kecamatan"))
        units = []
        for j, (name, unit_kind) in enumerate(specs[:count], start=1):
            lo, hi = HEADCOUNT_RANGES[unit_kind]
            headcount = round(np.exp(rng.uniform(np.log(lo), np.log(hi))))
            units.append(PlannedUnit(f"U{j:02d}", name, unit_kind, headcount))
        return units

    def _effects(self, n_units: int) -> npt.NDArray[np.float64]:
        n_values = len(self.pool.values)
        common = self.rng.normal(0.0, 0.25, (n_units, 1))
        return common + self.rng.normal(0.0, 0.12, (n_units, n_values))

    def _plan_scenario(self, s: Scenario) -> PlannedInstansi:
        units = self._units("kabupaten", s.units)
        scale = s.headcount / sum(u.headcount for u in units)
        for u in units:
            u.headcount = max(5, round(u.headcount * scale))
        inst = PlannedInstansi(
            s.code, s.name, s.region, "kabupaten", units, self._effects(len(units))
        )
        for year, size, target, limiting in zip(
            s.years, s.respondents, s.targets, s.limiting, strict=True
        ):
            inst.models[year] = InstansiModel(np.array(target) / 100.0, limiting)
            inst.sizes[year] = size
        return inst

    def _plan_others(self, count: int) -> list[PlannedInstansi]:
        rng = self.rng
        kinds = list(KIND_SHARES)
        drawn = rng.choice(len(kinds), size=count, p=list(KIND_SHARES.values()))
        places = N.place_names(count, list(rng.permutation(N.place_count())))
        planned = []
        serial = dict.fromkeys(kinds, 0)
        base = logit(np.array(NATIONAL_REACH) / 100.0)
        for i in range(count):
            kind = kinds[drawn[i]]
            serial[kind] += 1
            planned.append(self._plan_one(kind, serial[kind], places[i], base))
        self._plan_sizes(planned)
        return planned

    def _plan_one(
        self, kind: str, serial: int, place: str, base: npt.NDArray[np.float64]
    ) -> PlannedInstansi:
        rng = self.rng
        prefix = {"kabupaten": "KAB", "kota": "KOT", "provinsi": "PROV", "kementerian": "KL"}[kind]
        code = f"{prefix}-{serial:03d}"
        if kind == "kementerian":
            field_name = N.MINISTRY_FIELDS[(serial - 1) % len(N.MINISTRY_FIELDS)]
            lead = "Kementerian" if serial % 3 else "Badan"
            round_ = (serial - 1) // len(N.MINISTRY_FIELDS)
            name = f"{lead} {field_name}" + (f" {round_ + 1}" if round_ else "")
            region = "pusat"
            n_units = int(rng.integers(5, 26))
        else:
            name = f"{kind.capitalize()} {place}"
            region = str(rng.choice(list(REGION_SHARES), p=list(REGION_SHARES.values())))
            n_units = int(
                rng.integers(*{"kabupaten": (30, 56), "kota": (25, 46), "provinsi": (35, 61)}[kind])
            )
        units = self._units(kind, n_units)
        inst = PlannedInstansi(code, name, region, kind, units, self._effects(len(units)))
        level = rng.normal(0.0, 0.28)
        profile = rng.normal(0.0, 0.14, len(base))
        limiting = float(np.clip(rng.normal(0.24, 0.05) - 0.08 * level, 0.08, 0.5))
        for year in self.years:
            drift = rng.normal(0.0, 0.05) + rng.normal(0.0, 0.04, len(base))
            level_profile = base + level + profile + drift
            inst.models[year] = InstansiModel(logistic(level_profile), limiting)
            limiting = float(np.clip(limiting + rng.normal(0.0, 0.01), 0.08, 0.5))
        return inst

    def _plan_sizes(self, planned: list[PlannedInstansi]) -> None:
        if not planned:
            return
        rng = self.rng
        scenario_total = sum(self.scenario.respondents) if self.scenario else 0
        per_year = max(self.config.respondents - scenario_total, 0) // len(self.years)
        headcounts = np.array([p.headcount for p in planned], dtype=np.int64)
        below = rng.random(len(planned)) < 0.1
        for year in self.years:
            if len(planned) >= 3 and not below.any():  # every year shows one below its minimum
                below[rng.integers(len(planned))] = True
            sizes = instansi_sizes(rng, per_year, headcounts, below)
            for p, size in zip(planned, sizes.tolist(), strict=True):
                p.sizes[year] = size
            below = np.where(rng.random(len(planned)) < 0.5, below, rng.random(len(planned)) < 0.1)

    # --- files ---------------------------------------------------------------------------

    def org_table(self) -> pa.Table:
        rows: dict[str, list[object]] = {
            c: []
            for c in (
                "instansi_code",
                "instansi_name",
                "unit_code",
                "unit_name",
                "headcount",
                "region",
            )
        }
        for inst in self.instansi:
            for unit in inst.units:
                for key, value in (
                    ("instansi_code", inst.code),
                    ("instansi_name", inst.name),
                    ("unit_code", unit.code),
                    ("unit_name", unit.name),
                    ("headcount", unit.headcount),
                    ("region", inst.region),
                ):
                    rows[key].append(value)
        return pa.table(rows)

    def unit_sizes(self, inst: PlannedInstansi, year: int) -> npt.NDArray[np.int64]:
        headcounts = np.array([u.headcount for u in inst.units], dtype=np.int64)
        propensity = np.exp(self.rng.normal(0.0, 0.5, len(headcounts)))
        return allocate(self.rng, inst.sizes[year], headcounts * propensity, headcounts)

    def answers(
        self, inst: PlannedInstansi, year: int
    ) -> Iterator[tuple[PlannedUnit, UnitModel, int, Answers]]:
        sizes = self.unit_sizes(inst, year)
        effects = inst.effects + self.rng.normal(0.0, 0.05, inst.effects.shape)
        models = unit_models(self.rng, inst.models[year], sizes, effects, self.vocab)
        for unit, model, size in zip(inst.units, models, sizes.tolist(), strict=True):
            yield unit, model, size, draw_answers(self.rng, model, size, self.vocab)

    def response_batches(self) -> Iterator[pa.RecordBatch]:
        """One batch per instansi-year; fills `self.expected` as it goes."""
        serial = 0
        codes = np.array([c.encode() for c in self.pool.codes])
        for year in self.years:
            for inst in self.instansi:
                parts = []
                valid_n, values, energy = [], [], []
                for unit, model, size, answers in self.answers(inst, year):
                    if size:
                        parts.append(self._columns(answers, inst.code, unit.code, year, codes))
                    speeder, straight = exclusion_flags(
                        answers.pv, answers.cc, answers.dc, answers.duration_s, Params()
                    )
                    valid_n.append(int((~(speeder | straight)).sum()))
                    values.append(model.expected_values())
                    energy.append(model.expected_energy())
                self.expected[(inst.code, year)] = Expected(
                    [u.code for u in inst.units],
                    np.array(valid_n),
                    np.array(values),
                    np.array(energy),
                )
                if not parts:
                    continue
                table = pa.concat_tables([pa.table(p) for p in parts]).combine_chunks()
                batch = table.to_batches()[0]
                ids = pa.array([f"R{serial + i:08d}" for i in range(batch.num_rows)])
                serial += batch.num_rows
                self.written = serial
                yield pa.RecordBatch.from_arrays(
                    [ids, *batch.columns], names=["response_id", *batch.schema.names]
                )

    def _columns(
        self, a: Answers, inst: str, unit: str, year: int, codes: npt.NDArray[np.bytes_]
    ) -> dict[str, pa.Array]:
        n = len(a.cc)
        cols: dict[str, pa.Array] = {
            "year": pa.array(np.full(n, year, dtype=np.int32)),
            "instansi_code": pa.array([inst] * n),
            "unit_code": pa.array([unit] * n),
        }
        for name, options in DEMOGRAPHICS.items():
            cols[name] = pa.array(np.array(options, dtype=object)[a.demographics[name]].tolist())
        duration = a.duration_s
        cols["duration_s"] = pa.array(
            np.nan_to_num(duration).astype(np.int32), mask=np.isnan(duration)
        )
        for q in ("pv", "cc", "dc"):
            cols[q] = picks_to_strings(getattr(a, q), codes)
        if self.config.texts:
            cols["harapan"] = self._texts(n, HARAPAN, 0.3)
            cols["saran"] = self._texts(n, SARAN, 0.2)
        return cols

    def _texts(self, n: int, options: tuple[str, ...], share: float) -> pa.Array:
        answered = self.rng.random(n) < share
        picks = self.rng.integers(0, len(options), n)
        return pa.array([options[p] if a else "" for a, p in zip(answered, picks, strict=True)])


def picks_to_strings(picks: npt.NDArray[np.integer], codes: npt.NDArray[np.bytes_]) -> pa.Array:
    """(n, 10) pool positions -> 'BP1;AK2;...' strings, vectorised for equal-width codes."""
    n = len(picks)
    width = codes.dtype.itemsize
    if not all(len(c) == width for c in codes.tolist()):
        texts = [";".join(codes[p].astype(str)) for p in picks]
        return pa.array(texts, type=pa.string())
    length = PICKS * (width + 1) - 1
    chars = np.full((n, PICKS, width + 1), ord(";"), dtype=np.uint8)
    code_bytes = np.frombuffer(codes.tobytes(), dtype=np.uint8).reshape(len(codes), width)
    chars[:, :, :width] = code_bytes[picks]
    flat = chars.reshape(n, PICKS * (width + 1))[:, :length]
    data = pa.py_buffer(np.ascontiguousarray(flat).tobytes())
    offsets = pa.py_buffer((np.arange(n + 1, dtype=np.int32) * length).tobytes())
    return pa.Array.from_buffers(pa.string(), n, [None, offsets, data])
