"""Vacancy hop counting and the Arrhenius fit, against planted answers; one LJ run through LAMMPS."""

import numpy as np
import pytest

from conftest import DECKS, MASS, assert_is_figure
from solidbench.hops import arrhenius_fit, count_hops, fcc_sites, hop_md, poisson_rate, vacant_sites
from solidbench.lammps_run import LammpsJob
from solidbench.results import find_quantity, quantity
from solidbench.settings import HopMDSettings, MDSettings
from solidbench.units import KB_EV

A, CELLS = 5.26865, 3
DT_FRAME = 0.1  # ps


def planted_trajectory(rng, noise=0.2):
    """A vacancy cell vibrating about its sites (Gaussian noise, rms `noise` A per component) in which the
    vacancy makes planted nearest-neighbour hops. Each hop takes three frames in flight (an atom a quarter,
    half and three quarters of the way). Between hops, failed attempts: an atom goes 60% of the way into
    the vacancy for two frames and returns, which a detector without a dwell filter counts as two hops."""
    sites = fcc_sites(A, CELLS)
    box = A * CELLS
    occupant = {s: s for s in range(len(sites))}  # site -> atom
    vacancy = 0
    del occupant[vacancy]
    frames, hops = [], []

    def neighbour_of(site):
        d = sites - sites[site]
        d -= box * np.round(d / box)
        dist = np.linalg.norm(d, axis=1)
        return int(rng.choice(np.flatnonzero(np.abs(dist - A / np.sqrt(2)) < 1e-6)))

    def frame(moving=None, target=None, fraction=0.0):
        positions = np.zeros((len(sites), 3))
        for site, atom in occupant.items():
            positions[atom] = sites[site]
        if moving is not None:
            step = sites[target] - sites[moving]
            step -= box * np.round(step / box)
            positions[occupant[moving]] = sites[moving] + fraction * step
        atoms = sorted(occupant.values())
        frames.append(positions[atoms] + rng.normal(0.0, noise, (len(atoms), 3)))

    for _ in range(12):
        for _ in range(int(rng.integers(8, 20))):
            frame()
        attempt = neighbour_of(vacancy)
        for _ in range(2):
            frame(attempt, vacancy, 0.6)
        for _ in range(int(rng.integers(5, 10))):
            frame()
        source = neighbour_of(vacancy)
        for fraction in (0.25, 0.5, 0.75):
            frame(source, vacancy, fraction)
        hops.append((len(frames) * DT_FRAME, source, vacancy))
        occupant[vacancy] = occupant.pop(source)
        vacancy = source
    for _ in range(10):
        frame()
    return np.array(frames), sites, hops


def test_hop_detector_finds_planted_hops_and_ignores_recrossings():
    rng = np.random.default_rng(3)
    positions, sites, planted = planted_trajectory(rng)
    times = np.arange(len(positions)) * DT_FRAME
    vacancy = vacant_sites(positions, sites, A * CELLS)
    found = count_hops(vacancy, times, dwell=0.3)
    assert [(h.origin, h.destination) for h in found] == [(dest, src) for _, src, dest in planted]
    # each hop is timed within its three frames in flight of the planted landing
    for hop, (landing, _, _) in zip(found, planted):
        assert landing - 3 * DT_FRAME <= hop.time <= landing + DT_FRAME
    # without the dwell filter each failed attempt is two spurious hops: the filter is doing the work
    assert len(count_hops(vacancy, times, dwell=0.0)) == len(planted) + 2 * 12


def test_frames_without_a_single_empty_site_carry_no_vacancy():
    sites = fcc_sites(A, 2)
    positions = sites[1:].copy()
    positions[0] = sites[2]  # atom of site 1 sits on site 2: sites 0 and 1 are both empty
    assert vacant_sites(positions[None], sites, 2 * A)[0] == -1
    assert vacant_sites(sites[1:][None], sites, 2 * A)[0] == 0


def test_arrhenius_fit_recovers_planted_parameters_exactly_from_expected_counts():
    temperatures = np.array([120.0, 140.0, 160.0, 180.0])
    durations = np.array([900.0, 500.0, 300.0, 200.0])
    energy, prefactor = 0.0627, 8.6
    counts = prefactor * np.exp(-energy / (KB_EV * temperatures)) * durations
    fit = arrhenius_fit(temperatures, counts, durations)
    assert fit.activation_energy == pytest.approx(energy, rel=1e-10)
    assert fit.prefactor == pytest.approx(prefactor, rel=1e-10)


def test_arrhenius_errors_are_calibrated_on_poisson_counts():
    """Over many Poisson realisations the estimates scatter about the planted values by their stated
    standard errors: the pulls (estimate - truth) / stderr have mean ~0 and spread ~1."""
    rng = np.random.default_rng(11)
    temperatures = np.array([130.0, 150.0, 170.0])
    durations = np.array([3000.0, 1500.0, 800.0])  # ~100 hops each: ln(n) is close to Gaussian
    energy, prefactor = 0.0627, 8.6
    expected = prefactor * np.exp(-energy / (KB_EV * temperatures)) * durations
    pulls = []
    for _ in range(2000):
        fit = arrhenius_fit(temperatures, rng.poisson(expected), durations)
        pulls.append((fit.activation_energy - energy) / fit.activation_energy_stderr)
    pulls = np.array(pulls)
    # 2000 draws: the mean's standard error is 0.022 and the spread's 0.016; allow ~5 sigma
    assert abs(pulls.mean()) < 0.1
    assert pulls.std() == pytest.approx(1.0, abs=0.1)


def test_arrhenius_fit_needs_two_temperatures_with_hops():
    with pytest.raises(ValueError, match="two temperatures"):
        arrhenius_fit([100, 120, 140], [0, 0, 7], [100, 100, 100])


def test_poisson_rate():
    assert poisson_rate(25, 50.0) == (0.5, 0.1)
    assert poisson_rate(0, 50.0) == (0.0, 0.02)


def run_lj(tmp_path, lj_pair_file, temperature, steps):
    settings = HopMDSettings(md=MDSettings(mass=MASS, timestep=0.01078, max_temperature=1000.0), cells=CELLS,
                             seed=7, equil_steps=200, steps=steps, dump_every=10, dwell_ps=0.3)
    job = LammpsJob(DECKS / "vacancy_md.lmp", lj_pair_file, "lj", tmp_path / "md.log")
    return hop_md(job, settings, A, temperature, tmp_path / "hops.json", tmp_path / "trajectory.csv")


def test_lj_vacancy_hops_in_lammps(tmp_path, lj_pair_file):
    """170 K at the 0 K density for 100 ps: LJ's vacancy hops ~10 times (rate ~0.1/ps), by nearest-neighbour jumps."""
    record = run_lj(tmp_path, lj_pair_file, 170.0, 9300)
    assert record["stayed_solid"] and record["vacancy_located_fraction"] > 0.99
    assert 3 <= record["hops"] <= 30
    assert record["nearest_neighbour_jumps"] >= 0.8 * record["hops"]
    assert (tmp_path / "trajectory.csv").exists() and not (tmp_path / "trajectory.dump").exists()


def test_melted_run_reports_no_rate(tmp_path, lj_pair_file):
    """At 400 K (T* = 3.3) the LJ crystal melts even at this density: the run is refused, not reported."""
    record = run_lj(tmp_path, lj_pair_file, 400.0, 2000)
    assert not record["stayed_solid"]
    assert record["rate"] is None and "melted" in record["refusal"]


def test_summary_leaves_out_melted_runs(tmp_path):
    from solidbench.hops import vacancy_md_summary
    from solidbench.io import read_json, write_json

    mep = tmp_path / "mep.json"
    write_json(mep, {"quantities": [quantity("tst_prefactor", 0.46, "THz"), quantity("migration_barrier_neb", 0.061, "eV")]})
    runs = []
    for t, hops, solid in ((130.0, 9, True), (150.0, 20, True), (170.0, 0, False)):
        runs.append(tmp_path / f"hops_{t:g}K.json")
        write_json(runs[-1], {"temperature": t, "hops": hops, "duration_ps": 300.0, "md_cpu_minutes": 2.0, "stayed_solid": solid,
                              "min_fcc_order": 0.7 if solid else 0.01, "rate": hops / 300.0 if solid else None,
                              "rate_stderr": np.sqrt(hops) / 300.0 if solid else None,
                              "refusal": None if solid else "melted"})
    quantities = vacancy_md_summary(runs, mep, "mace-x", tmp_path / "md.json")
    names = {(q["name"], q["temperature"]) for q in quantities}
    assert ("hop_rate", 170.0) not in names and ("tst_hop_rate", 170.0) in names
    assert all(q["temperature"] is not None for q in quantities if q["name"].endswith("hop_rate"))
    assert find_quantity(quantities, "hop_rate", 150)["stderr"] == pytest.approx(np.sqrt(20) / 300)
    expected = np.log(20 / 9) / (1 / (KB_EV * 130) - 1 / (KB_EV * 150))  # two points: the line through them
    arrhenius = find_quantity(quantities, "arrhenius_activation_energy")
    assert arrhenius["value"] == pytest.approx(expected, rel=1e-9) and arrhenius["temperature"] is None
    details = read_json(tmp_path / "md.json")
    assert details["refusals"] == ["melted"] and details["md_cpu_minutes"] == 6.0
    stderr = find_quantity(quantities, "arrhenius_activation_energy")["stderr"]
    assert details["arrhenius"]["activation_energy_stderr_one_cpu_minute"] == pytest.approx(stderr * np.sqrt(6.0))
    # no first-order saddle, no TST prefactor: the MD rates stand alone
    write_json(mep, {"quantities": [quantity("migration_barrier_neb", 0.061, "eV")]})
    alone = vacancy_md_summary(runs, mep, "mace-x", tmp_path / "md_alone.json")
    assert find_quantity(alone, "hop_rate", 150) and not any(q["name"].startswith("tst_") for q in alone)
    from solidbench.plots import plot_arrhenius

    plot_arrhenius(["mace-x"], [tmp_path / "md.json"], tmp_path / "arrhenius.png")
    assert_is_figure(tmp_path / "arrhenius.png")
