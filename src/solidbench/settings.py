"""One typed settings object per benchmark, built and checked once from config.yaml.

A rule passes the object whole through `params:` (Snakemake compares its repr with the last run's,
so editing a setting reruns the jobs that use it, and only those: no object holds a list that
multiplies jobs, such as the temperatures), its script hands it to the package function by name.
A wrong value fails where the object is built, with the config key in the message.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar


class _Checked:
    """Every number of a settings object positive (the schema says so too; these objects are also
    built by tests and benchmarks); the message names the config key under SECTION."""

    SECTION: ClassVar[str] = "config"

    def section(self) -> str:
        return self.SECTION

    def __post_init__(self):
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value <= 0:
                raise ValueError(f"{self.section()}.{field.name} must be positive, not {value!r}")


@dataclass(frozen=True)
class MDSettings(_Checked):
    """What every LAMMPS MD job shares: the element's mass (amu), the time step (ps) and the
    temperature above which a run stops as blown up (K)."""

    SECTION: ClassVar[str] = "config"

    mass: float
    timestep: float
    max_temperature: float

    @classmethod
    def from_config(cls, config: dict) -> "MDSettings":
        return cls(mass=float(config["mass"]), timestep=float(config["timestep"]),
                   max_temperature=float(config["md_guard"]["max_temperature"]))


@dataclass(frozen=True)
class NPTSettings(_Checked):
    """NPT lattice constant at one temperature (config.yaml `lattice_md`, less its temperatures)."""

    SECTION: ClassVar[str] = "lattice_md"

    md: MDSettings
    cells: int
    pressure: float  # bar
    seed: int
    equil_steps: int
    prod_steps: int
    sample_every: int

    @classmethod
    def from_config(cls, config: dict) -> "NPTSettings":
        s = config["lattice_md"]
        return cls(md=MDSettings.from_config(config), cells=s["cells"], pressure=float(config["pressure"]),
                   seed=s["seed"], equil_steps=s["equil_steps"], prod_steps=s["prod_steps"],
                   sample_every=s["sample_every"])


@dataclass(frozen=True)
class SpectraSettings(_Checked):
    """VACF PDOS and SED from NVE MD at one temperature (config.yaml `phonons_T`)."""

    SECTION: ClassVar[str] = "phonons_T"

    md: MDSettings
    cells: int
    seed: int
    nvt_steps: int
    nve_steps: int
    dump_every: int
    max_lag_ps: float
    sed_segments: int
    sed_fit_window: float  # THz

    @classmethod
    def from_config(cls, config: dict) -> "SpectraSettings":
        s = config["phonons_T"]
        return cls(md=MDSettings.from_config(config), cells=s["cells"], seed=s["seed"], nvt_steps=s["nvt_steps"],
                   nve_steps=s["nve_steps"], dump_every=s["dump_every"], max_lag_ps=float(s["max_lag_ps"]),
                   sed_segments=s["sed_segments"], sed_fit_window=float(s["sed_fit_window"]))


@dataclass(frozen=True)
class HopMDSettings(_Checked):
    """Vacancy hops in NVT MD at one temperature (config.yaml `vacancy.md`, less its temperatures,
    and the vacancy cell's size `vacancy.cells`)."""

    SECTION: ClassVar[str] = "vacancy.md"

    md: MDSettings
    cells: int
    seed: int
    equil_steps: int
    steps: int
    dump_every: int
    dwell_ps: float

    @classmethod
    def from_config(cls, config: dict) -> "HopMDSettings":
        s = config["vacancy"]["md"]
        return cls(md=MDSettings.from_config(config), cells=config["vacancy"]["cells"], seed=s["seed"],
                   equil_steps=s["equil_steps"], steps=s["steps"], dump_every=s["dump_every"],
                   dwell_ps=float(s["dwell_ps"]))


@dataclass(frozen=True)
class PhononSettings(_Checked):
    """0 K phonons with phonopy and the Hessian check (config.yaml `phonons`)."""

    SECTION: ClassVar[str] = "phonons"

    element: str
    mass: float
    supercell: int
    displacement: float  # angstrom
    mesh: int
    dos_pitch: float  # THz
    band_points: int
    hessian_cells: int
    hessian_step: float  # angstrom

    @classmethod
    def from_config(cls, config: dict) -> "PhononSettings":
        s = config["phonons"]
        return cls(element=config["element"], mass=float(config["mass"]), supercell=s["supercell"],
                   displacement=float(s["displacement"]), mesh=s["mesh"], dos_pitch=float(s["dos_pitch"]),
                   band_points=s["band_points"], hessian_cells=s["hessian_cells"],
                   hessian_step=float(s["hessian_step"]))


@dataclass(frozen=True)
class VacancySettings(_Checked):
    """The relaxed vacancy, its string and CI-NEB paths and normal modes at 0 K (config.yaml
    `vacancy`, less its `md` block)."""

    SECTION: ClassVar[str] = "vacancy"

    element: str
    mass: float
    cells: int
    relax_fmax: float  # eV/A
    images: int
    path_fmax: float  # eV/A
    hessian_step: float  # angstrom

    @classmethod
    def from_config(cls, config: dict) -> "VacancySettings":
        s = config["vacancy"]
        return cls(element=config["element"], mass=float(config["mass"]), cells=s["cells"],
                   relax_fmax=float(s["relax_fmax"]), images=s["images"], path_fmax=float(s["path_fmax"]),
                   hessian_step=float(s["hessian_step"]))


@dataclass(frozen=True)
class EOSSettings(_Checked):
    """The 0 K equation of state E(V) and its fit (config.yaml `eos`, on `crystal.cells` cells)."""

    SECTION: ClassVar[str] = "eos"

    element: str
    mass: float
    cells: int
    strain: float  # the wide window: the curve and B0'
    points: int
    b0_strain: float  # the narrow window: B0 and the fit's a0
    b0_points: int
    form: str

    @classmethod
    def from_config(cls, config: dict) -> "EOSSettings":
        s = config["eos"]
        return cls(element=config["element"], mass=float(config["mass"]), cells=config["crystal"]["cells"],
                   strain=float(s["strain"]), points=s["points"], b0_strain=float(s["b0_strain"]),
                   b0_points=s["b0_points"], form=s["form"])


@dataclass(frozen=True)
class ElasticSettings(_Checked):
    """Elastic constants by stress-strain finite differences (config.yaml `elastic`, on
    `crystal.cells` cells)."""

    SECTION: ClassVar[str] = "elastic"
    element: str
    mass: float
    cells: int
    strain: float

    @classmethod
    def from_config(cls, config: dict) -> "ElasticSettings":
        return cls(element=config["element"], mass=float(config["mass"]), cells=config["crystal"]["cells"],
                   strain=float(config["elastic"]["strain"]))


@dataclass(frozen=True)
class DimerSettings(_Checked):
    """The dimer curve E(r) (config.yaml `dimer`)."""

    SECTION: ClassVar[str] = "dimer"
    element: str
    mass: float
    r_min: float  # angstrom
    r_max: float
    step: float

    @classmethod
    def from_config(cls, config: dict) -> "DimerSettings":
        s = config["dimer"]
        return cls(element=config["element"], mass=float(config["mass"]), r_min=float(s["r_min"]),
                   r_max=float(s["r_max"]), step=float(s["step"]))


@dataclass(frozen=True)
class SurfaceSettings(_Checked):
    """Relaxed (100), (110), (111) surface energies (config.yaml `surfaces`)."""

    SECTION: ClassVar[str] = "surfaces"
    element: str
    mass: float
    thickness: float  # angstrom, the thinner of the two slabs at least
    vacuum: float  # angstrom between a slab's periodic images
    lateral: int  # in-plane repeats of the plane's smallest orthogonal cell
    relax_fmax: float  # eV/A

    @classmethod
    def from_config(cls, config: dict) -> "SurfaceSettings":
        s = config["surfaces"]
        return cls(element=config["element"], mass=float(config["mass"]), thickness=float(s["thickness"]),
                   vacuum=float(s["vacuum"]), lateral=s["lateral"], relax_fmax=float(s["relax_fmax"]))


@dataclass(frozen=True)
class StackingFaultSettings(_Checked):
    """The (111) generalized stacking fault curve (config.yaml `stacking_fault`)."""

    SECTION: ClassVar[str] = "stacking_fault"
    element: str
    mass: float
    layers: int  # (111) layers per period (rounded up to a multiple of 3)
    lateral: int
    step: float  # of the partial Burgers vector
    relax_fmax: float  # eV/A

    @classmethod
    def from_config(cls, config: dict) -> "StackingFaultSettings":
        s = config["stacking_fault"]
        return cls(element=config["element"], mass=float(config["mass"]), layers=s["layers"], lateral=s["lateral"],
                   step=float(s["step"]), relax_fmax=float(s["relax_fmax"]))


@dataclass(frozen=True)
class InterstitialSettings(_Checked):
    """Self-interstitial configurations, their normal modes and the dumbbell's CI-NEB (config.yaml
    `interstitial`)."""

    SECTION: ClassVar[str] = "interstitial"
    element: str
    mass: float
    cells: int
    relax_fmax: float  # eV/A
    hessian_step: float  # angstrom
    images: int
    path_fmax: float  # eV/A

    @classmethod
    def from_config(cls, config: dict) -> "InterstitialSettings":
        s = config["interstitial"]
        return cls(element=config["element"], mass=float(config["mass"]), cells=s["cells"],
                   relax_fmax=float(s["relax_fmax"]), hessian_step=float(s["hessian_step"]), images=s["images"],
                   path_fmax=float(s["path_fmax"]))


@dataclass(frozen=True)
class SelectionSettings(_Checked):
    """The candidate pool of data selection and its rules (config.yaml `selection`): which of LJ's
    relaxed configurations start NVT runs of the current model at which temperatures, and which
    frames may be chosen. One pool per model, so its temperatures multiply no jobs."""

    SECTION: ClassVar[str] = "selection"
    element: str
    md: MDSettings
    configurations: tuple[str, ...]
    temperatures: tuple[float, ...]  # K
    min_lateral: float  # angstrom
    equil_steps: int
    steps: int
    dump_every: int
    min_separation: float  # ps
    max_force: float  # eV/A
    committee: int
    seed: int

    @classmethod
    def from_config(cls, config: dict) -> "SelectionSettings":
        s = config["selection"]
        return cls(element=config["element"], md=MDSettings.from_config(config),
                   configurations=tuple(s["configurations"]), temperatures=tuple(float(t) for t in s["temperatures"]),
                   min_lateral=float(s["min_lateral"]), equil_steps=s["equil_steps"], steps=s["steps"],
                   dump_every=s["dump_every"], min_separation=float(s["min_separation"]),
                   max_force=float(s["max_force"]), committee=s["committee"], seed=s["seed"])


@dataclass(frozen=True)
class TrainingRun(_Checked):
    """One LJ run of a training recipe: the recipe's name, the seed, the deck settings of that seed
    (config.training_runs: the recipe's, or an augment entry's), and what every MD run shares."""

    recipe: str
    seed: int
    deck_settings: dict
    element: str
    pressure: float  # bar
    md: MDSettings

    @classmethod
    def from_config(cls, config: dict, recipe: str, seed: int, deck_settings: dict) -> "TrainingRun":
        # deck_settings come from config.training_runs, called by the rule: were it called here, every
        # module that imports settings would run config.py, and an edit of it rerun every job
        return cls(recipe=recipe, seed=seed, deck_settings=deck_settings, element=config["element"],
                   pressure=float(config["pressure"]), md=MDSettings.from_config(config))

    def section(self) -> str:
        return f"training_sets[{self.recipe}]"
