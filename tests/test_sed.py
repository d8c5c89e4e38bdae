"""Spectral energy density: planted waves and planted Lorentzian linewidths."""

import numpy as np
import pytest

from solidbench.structure import conventional_fcc
from scipy.signal import lfilter

from solidbench.sed import (commensurate_path, currents, equivalent_directions, expected_periodogram, fit_lorentzian,
                            lorentzian, power_spectrum, spectral_energy_density, transverse_pair)

A, CELLS = 5.3, 4


def test_lorentzian_fit_recovers_planted_linewidth():
    """A periodogram scatters around its mean by a chi-squared factor (2 degrees of freedom per
    segment); with 20 segments the relative scatter is 1/sqrt(20)."""
    rng = np.random.default_rng(4)
    freq = np.linspace(0.5, 2.5, 800)
    exact = lorentzian(freq, 1.4, 0.06, 10.0, 0.05)
    noisy = exact * rng.chisquare(40, size=freq.size) / 40
    fit = fit_lorentzian(freq, noisy, window=0.5, periodograms=20)
    assert fit["frequency"] == pytest.approx(1.4, abs=3 * fit["frequency_err"] + 1e-4)
    assert fit["fwhm"] == pytest.approx(0.06, abs=3 * fit["fwhm_err"])
    assert fit["fwhm_err"] < 0.01


def test_long_record_periodogram_is_the_lorentzian():
    nu = np.linspace(1.0, 2.0, 201)
    np.testing.assert_allclose(expected_periodogram(nu, 1.5, 0.08, 3.0, 0.2, record=1e6),
                               lorentzian(nu, 1.5, 0.08, 3.0, 0.2), rtol=1e-4)


def damped_oscillator(centre, fwhm, frames, dt, rng):
    """Complex AR(1) series z_n = z_(n-1) exp((2πi centre - π fwhm) dt) + white noise, after a burn-in
    of 30 lifetimes: a mode with a Lorentzian spectrum (to O((π fwhm dt)^2)) of the given FWHM."""
    burn = int(30 / (np.pi * fwhm * dt))
    noise = rng.normal(size=frames + burn) + 1j * rng.normal(size=frames + burn)
    return lfilter([1.0], [1.0, -np.exp((2j * np.pi * centre - np.pi * fwhm) * dt)], noise)[burn:]


@pytest.mark.parametrize("fwhm", [0.15, 0.05, 0.025])
def test_error_bars_of_the_fit_hold_the_planted_line(fwhm):
    """The pipeline's regime: one 43-ps record of 1000 frames, the mean of 3 periodograms (the X-point
    LA branch: three cube directions), lines from 1 to 6 bin widths (1/43 ps) wide; 60 trials. For
    centre and FWHM, the fit's error bar must be honest: ±2σ holds the planted value in at least 80 %
    of the trials (95 % expected; 80 % is 5 binomial σ below), the median error bar is 0.7-1.5 times
    the trials' scatter (which 60 trials know to 9 %), and the bias is under half an error bar.
    Least squares, the fit before, held the planted FWHM in 25-48 % of trials, 2-4 error bars off."""
    rng = np.random.default_rng(11)
    centre, frames, dt = 1.77, 1000, 0.043
    fits = []
    for _ in range(60):
        spectra = [power_spectrum(damped_oscillator(centre, fwhm, frames, dt, rng), dt, 1) for _ in range(3)]
        fits.append(fit_lorentzian(spectra[0][0], np.mean([p for _, p in spectra], axis=0), 0.3, periodograms=3))
    for key, planted in (("frequency", centre), ("fwhm", fwhm)):
        value, error = np.array([f[key] for f in fits]), np.array([f[key + "_err"] for f in fits])
        assert np.mean(np.abs(value - planted) < 2 * error) >= 0.8
        assert 0.7 < np.median(error) / np.std(value) < 1.5
        assert abs(np.mean(value) - planted) < 0.5 * np.median(error)


def test_star_and_polarisations():
    assert len(equivalent_directions("100")) == 3 and len(equivalent_directions("111")) == 4
    for d in equivalent_directions("111"):
        t1, t2 = transverse_pair(d)
        np.testing.assert_allclose([d @ t1, d @ t2, t1 @ t2], 0, atol=1e-12)


def planted_waves(q, polarization, nu, n_frames=2048, dt=0.04, damping_ps=None, seed=0):
    """Velocities of a perfect crystal carrying one plane wave exp(i(q·R - 2πνt)) (+ weak noise)."""
    rng = np.random.default_rng(seed)
    sites = conventional_fcc(A).repeat((CELLS,) * 3).get_positions()
    t = np.arange(n_frames) * dt
    amplitude = np.ones_like(t) if damping_ps is None else np.exp(-t / damping_ps)
    wave = np.cos(sites @ q - 2 * np.pi * nu * t[:, None]) * amplitude[:, None]
    v = wave[:, :, None] * polarization[None, None, :] + 1e-3 * rng.normal(size=(n_frames, len(sites), 3))
    return v, sites, dt


def test_currents_pick_the_planted_wave():
    q_norm, q = commensurate_path("100", A, CELLS)[1]
    v, sites, dt = planted_waves(q, np.array([1.0, 0, 0]), 1.2)
    masses = np.ones(len(sites))
    freq, longitudinal = power_spectrum(currents(v, sites, masses, q, np.array([1.0, 0, 0])), dt, 4)
    _, transverse = power_spectrum(currents(v, sites, masses, q, np.array([0, 1.0, 0])), dt, 4)
    assert freq[np.argmax(longitudinal)] == pytest.approx(1.2, abs=freq[1] - freq[0])
    assert transverse.max() < 1e-4 * longitudinal.max()
    other_q = commensurate_path("100", A, CELLS)[0][1]
    _, elsewhere = power_spectrum(currents(v, sites, masses, other_q, np.array([1.0, 0, 0])), dt, 4)
    assert elsewhere.max() < 1e-4 * longitudinal.max()


def test_sed_reports_branch_and_lifetime():
    """A wave damped with amplitude lifetime tau has a Lorentzian power spectrum of FWHM 1/(π tau)."""
    _, q = commensurate_path("100", A, CELLS)[1]
    tau = 8.0  # ps, amplitude decay
    v, sites, dt = planted_waves(q, np.array([1.0, 0, 0]), 1.2, n_frames=4096, dt=0.02, damping_ps=tau)
    rows = spectral_energy_density(v, sites, np.ones(len(sites)), A, CELLS, dt, segments=1, fit_window=0.4)
    row = next(r for r in rows if r["direction"] == "100" and r["q"] == 0.5 and r["branch"] == "L")
    assert row["frequency"] == pytest.approx(1.2, abs=0.005)
    # the 82-ps record is 10 tau long, so truncation adds < 1% to the width
    assert row["fwhm"] == pytest.approx(1 / (np.pi * tau), rel=0.1)
