"""SMAA-2: how often each vendor takes each rank across plausible weights and noisy scores.

Stochastic multicriteria acceptability analysis (Lahdelma & Salminen 2001, Operations Research
49(3):444-454; Tervonen & Lahdelma 2007, EJOR 178(2):500-513) on the weighted sum.

Score model. Criterion j of alternative i has utility u_ij ~ Normal(mean_ij, spread_ij),
independently. For a weight vector w the score is the weighted mean over the criteria known for
i (`present`), times a fixed multiplier (the risk adjustment):

    score_i = m_i * sum_j p_ij w_j u_ij / sum_j p_ij w_j

Being linear in u, given w it is itself normal with mean m_i sum p w mean / sum p w and standard
deviation m_i sqrt(sum p w^2 spread^2) / sum p w. Sampling that score directly is exact for the
model and needs one normal draw per sample and alternative instead of one per criterion, which
is what makes 10,000 samples of 50 x 40 fast. Utilities are not clipped to [0, 1].

Weights. A Dirichlet centred on the profile, alpha = concentration * w0 (mean w0; larger
concentration = tighter; a weight of 0 stays 0), or uniform on the simplex (alpha = 1 for every
criterion: "no preference information", Lahdelma & Salminen 2001).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

import numpy as np
from scipy.special import ndtr, ndtri
from threadpoolctl import ThreadpoolController

from vendor_eval.errors import InputError

MAX_SAMPLES = 1_000_000
DEFAULT_SAMPLES = 10_000
DEFAULT_SEED = 0  # a fixed default: the same command gives the same figures
DEFAULT_CONCENTRATION = 50.0  # Dirichlet: a weight of 30% varies by about +-6 points (1 sd)
DEFAULT_TOP = 3
# Samples are drawn in chunks of about this many pairwise comparisons (samples x n^2): a few MB
# per chunk stay in cache and are reused, which is faster here than one large pass.
COMPARISONS_PER_CHUNK = 5_000_000
MAX_CHUNK = 65_535  # pairwise wins of one chunk are summed in uint16
QUADRATURE_POINTS = 256  # confidence factors: midpoint rule in probability space
PHI_IS_ONE = 8.5  # ndtr(8.5) = 1 - 1e-17
METHOD = "SMAA-2 on the weighted sum (Lahdelma & Salminen 2001; Tervonen & Lahdelma 2007)"


class WeightSampling(StrEnum):
    DIRICHLET = "dirichlet"
    UNIFORM = "uniform"


def sample_weights(rng: np.random.Generator, centre: np.ndarray, samples: int,
                   concentration: float, sampling: WeightSampling) -> np.ndarray:
    """Kernel: (samples, m) weight vectors on the simplex, drawn as normalised gamma variates."""
    if sampling is WeightSampling.UNIFORM:
        draws = rng.standard_exponential((samples, centre.size))  # Gamma(1) = Exponential(1)
    else:
        alpha = (concentration * centre).astype(np.float32)
        draws = rng.standard_gamma(alpha, size=(samples, centre.size), dtype=np.float32)
        draws = draws.astype(float)
    total = draws.sum(axis=1, keepdims=True)
    # A row of all zeros has probability ~0 but would divide by 0: fall back to the centre.
    return np.divide(draws, total, out=np.broadcast_to(centre, draws.shape).copy(),
                     where=total > 0)


def smaa_scores(weights: np.ndarray, means: np.ndarray, spreads: np.ndarray,
                present: np.ndarray, multiplier: np.ndarray, noise: np.ndarray) -> np.ndarray:
    """Kernel: (S, n) sampled scores for weights (S, m) and standard normal noise (S, n)."""
    present = present.astype(float)
    # C-contiguous right-hand sides: BLAS is several times slower on transposed views here.
    stacked = np.ascontiguousarray(np.concatenate([present * means, present], axis=0).T)
    both = weights @ stacked  # (S, 2n): numerators and denominators in one product
    n = means.shape[0]
    numerator, denominator = both[:, :n], both[:, n:]
    variance = (weights * weights) @ np.ascontiguousarray((present * spreads * spreads).T)
    sampled = numerator + np.sqrt(variance) * noise
    return multiplier * np.divide(sampled, denominator, out=np.zeros_like(sampled),
                                  where=denominator > 0)


def rank_order(scores: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Kernel: (S, n) alternative indices from best to worst; exact ties are broken at random so
    that tied alternatives share the ranks fairly (rank acceptabilities stay a permutation)."""
    order = np.argsort(-scores, axis=1)
    ordered = np.take_along_axis(scores, order, axis=1)
    tied_rows = (ordered[:, 1:] == ordered[:, :-1]).any(axis=1)
    if tied_rows.any():
        rows = scores[tied_rows]
        keys = rng.random(rows.shape)
        order[tied_rows] = np.lexsort((keys, -rows), axis=1)
    return order


def confidence_factors(central: np.ndarray, means: np.ndarray, spreads: np.ndarray,
                       present: np.ndarray, multiplier: np.ndarray) -> np.ndarray:
    """Kernel: P(alternative c ranks first | weights = its central weight vector), for each c.

    Under the score model, with w fixed the scores are independent normals, so
    P(c first) = E over score_c of prod_{i != c} Phi((score_c - mu_i) / sigma_i): a
    one-dimensional integral, taken by the midpoint rule on score_c's quantiles (error well
    under the Monte Carlo error of the acceptabilities) instead of a second simulation.
    Rows of `central` that are NaN (never first) give NaN.
    """
    n = means.shape[0]
    defined = ~np.isnan(central).any(axis=1)
    result = np.full(n, np.nan)
    if not defined.any():
        return result
    weights = central[defined]  # (C, m)
    present = present.astype(float)
    denominator = weights @ present.T  # (C, n)
    safe = np.where(denominator > 0, denominator, 1.0)
    mu = np.where(denominator > 0, multiplier * (weights @ (present * means).T) / safe, 0.0)
    sigma = np.where(denominator > 0,
                     multiplier * np.sqrt((weights**2) @ (present * spreads**2).T) / safe, 0.0)
    candidates = np.flatnonzero(defined)
    grid = ndtri((np.arange(QUADRATURE_POINTS) + 0.5) / QUADRATURE_POINTS)  # (G,)
    own = np.arange(candidates.size)
    x = mu[own, candidates][:, None] + sigma[own, candidates][:, None] * grid  # (C, G)
    gap = x[:, :, None] - mu[:, None, :]  # (C, G, n)
    scale = np.broadcast_to(sigma[:, None, :], gap.shape)
    noisy = scale > 0
    z = np.divide(gap, scale, out=np.full_like(gap, np.inf), where=noisy)
    below = np.ones_like(gap)
    near = z < PHI_IS_ONE  # Phi is 1 to double precision beyond; most competitors are there
    below[near] = ndtr(z[near])
    if not noisy.all():
        exact = ~noisy
        below[exact] = (gap[exact] > 0) + 0.5 * (gap[exact] == 0)
    below[own, :, candidates] = 1.0  # a candidate does not compete with itself
    result[candidates] = below.prod(axis=2).mean(axis=1)
    return result


@dataclass(frozen=True)
class SmaaResult:
    """SMAA-2 indices for alternatives (rows) over criteria, recording how they were made.

    rank_acceptability[i, r]: share of samples with alternative i at rank r + 1.
    central_weights[i]: mean weight vector of the samples where i ranked first (NaN if never).
    confidence_factors[i]: P(i ranks first with its central weights), over the score noise.
    pairwise_winning[i, k]: share of samples where i ranked above k (diagonal 0).
    """

    alternatives: tuple[str, ...]
    criteria: tuple[str, ...]
    rank_acceptability: np.ndarray
    central_weights: np.ndarray
    confidence_factors: np.ndarray
    pairwise_winning: np.ndarray
    centre: np.ndarray
    samples: int
    seed: int
    sampling: WeightSampling
    concentration: float | None
    method: str = METHOD
    parameters: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n, m = len(self.alternatives), len(self.criteria)
        b = self.rank_acceptability
        if b.shape != (n, n) or self.pairwise_winning.shape != (n, n):
            raise AssertionError("acceptability and winning indices are alternatives x ranks")
        if n and not (np.allclose(b.sum(axis=1), 1.0) and np.allclose(b.sum(axis=0), 1.0)):
            raise AssertionError("each alternative's, and each rank's, acceptabilities sum to 1")
        c = self.pairwise_winning
        if n and not np.allclose((c + c.T)[~np.eye(n, dtype=bool)], 1.0):
            raise AssertionError("of two alternatives one ranks above the other in every sample")
        if self.central_weights.shape != (n, m):
            raise AssertionError("one central weight vector per alternative")
        defined = ~np.isnan(self.central_weights).any(axis=1)
        if (defined != (b[:, 0] > 0)).any():
            raise AssertionError("central weights exist exactly for alternatives ever ranked first")
        if not np.allclose(self.central_weights[defined].sum(axis=1), 1.0):
            raise AssertionError("central weight vectors sum to 1")
        cf = self.confidence_factors[defined]
        if ((cf < -1e-9) | (cf > 1 + 1e-9)).any():
            raise AssertionError("confidence factors are probabilities")

    @property
    def first_rank_acceptability(self) -> np.ndarray:
        return self.rank_acceptability[:, 0]


def smaa(
    alternatives: list[str],
    criteria: list[str],
    means: np.ndarray,
    weights: np.ndarray,
    *,
    spreads: np.ndarray | None = None,
    present: np.ndarray | None = None,
    multiplier: np.ndarray | None = None,
    samples: int = 10_000,
    seed: int = 0,
    concentration: float = 50.0,
    sampling: WeightSampling = WeightSampling.DIRICHLET,
    progress: Callable[[float], None] | None = None,
) -> SmaaResult:
    """Validate a problem once, then run SMAA-2 with a seeded numpy Generator.

    Samples are processed in chunks that bound memory (samples x alternatives^2 comparisons);
    every step inside a chunk is vectorised over samples and alternatives. The same inputs and
    seed give the same result. `progress`, if given, is called with the share done.
    """
    means = np.asarray(means, dtype=float)
    n, m = means.shape if means.ndim == 2 else (0, 0)
    spreads = np.zeros_like(means) if spreads is None else np.asarray(spreads, dtype=float)
    present = np.ones(means.shape, dtype=bool) if present is None else np.asarray(present, bool)
    multiplier = np.ones(n) if multiplier is None else np.asarray(multiplier, dtype=float)
    centre = _check(alternatives, criteria, means, spreads, present, multiplier, weights,
                    samples, seed, concentration)

    with _blas_controller().limit(limits=1, user_api="blas"):
        return _sample(alternatives, criteria, means, centre, spreads, present, multiplier,
                       samples, seed, concentration, sampling, progress)


@cache
def _blas_controller() -> ThreadpoolController:
    return ThreadpoolController()


def _sample(alternatives: list[str], criteria: list[str], means: np.ndarray, centre: np.ndarray,
            spreads: np.ndarray, present: np.ndarray, multiplier: np.ndarray, samples: int,
            seed: int, concentration: float, sampling: WeightSampling,
            progress: Callable[[float], None] | None) -> SmaaResult:
    # The products here are small (samples x 2n x m): a second BLAS thread costs more to wake
    # than it saves, and on a busy machine it waits for a CPU, so sampling runs on one thread.
    n, m = means.shape
    rng = np.random.default_rng(seed)
    counts = np.zeros(n * n, dtype=np.int64)
    wins = np.zeros((n, n), dtype=np.int64)
    first_weight_sums = np.zeros((n, m))
    chunk = min(MAX_CHUNK, max(1, COMPARISONS_PER_CHUNK // max(n * n, 1)))
    rank_type = np.int8 if n <= np.iinfo(np.int8).max else np.int32
    positions = np.arange(n)
    first_slots = np.arange(m)
    done = 0
    while done < samples:
        size = min(chunk, samples - done)
        sampled_weights = sample_weights(rng, centre, size, concentration, sampling)
        noise = rng.standard_normal((size, n), dtype=np.float32)
        scores = smaa_scores(sampled_weights, means, spreads, present, multiplier, noise)
        order = rank_order(scores, rng)
        counts += np.bincount((order * n + positions).ravel(), minlength=n * n)
        ranks = np.empty(order.shape, dtype=rank_type)
        np.put_along_axis(ranks, order, positions.astype(rank_type), axis=1)
        by_alternative = np.ascontiguousarray(ranks.T)  # (n, S): comparisons run along samples
        above = by_alternative[:, None, :] < by_alternative[None, :, :]
        wins += above.view(np.uint8).sum(axis=-1, dtype=np.uint16)
        winner_slots = (order[:, :1] * m + first_slots).ravel()
        first_weight_sums += np.bincount(winner_slots, weights=sampled_weights.ravel(),
                                         minlength=n * m).reshape(n, m)
        done += size
        if progress is not None:
            progress(done / samples)

    acceptability = counts.reshape(n, n) / samples
    first_counts = counts.reshape(n, n)[:, 0]
    central = np.full((n, m), np.nan)
    ever_first = first_counts > 0
    central[ever_first] = first_weight_sums[ever_first] / first_counts[ever_first, None]
    return SmaaResult(
        alternatives=tuple(alternatives),
        criteria=tuple(criteria),
        rank_acceptability=acceptability,
        central_weights=central,
        confidence_factors=confidence_factors(central, means, spreads, present, multiplier),
        pairwise_winning=wins / samples,
        centre=centre,
        samples=samples,
        seed=seed,
        sampling=sampling,
        concentration=concentration if sampling is WeightSampling.DIRICHLET else None,
    )


def _check(alternatives, criteria, means, spreads, present, multiplier, weights, samples, seed,
           concentration) -> np.ndarray:
    """Validate once at the boundary; returns the centre weights as fractions summing to 1."""
    if means.ndim != 2 or means.shape != (len(alternatives), len(criteria)):
        raise InputError("values must be alternatives x criteria")
    if not len(alternatives):
        raise InputError("SMAA needs at least one alternative")
    if spreads.shape != means.shape or present.shape != means.shape:
        raise InputError("spreads and presence must have the shape of the values")
    if multiplier.shape != (len(alternatives),):
        raise InputError("one score multiplier per alternative is required")
    if not (np.isfinite(means).all() and np.isfinite(spreads).all() and (spreads >= 0).all()):
        raise InputError("values must be finite and spreads finite and non-negative")
    weights = np.asarray(weights, dtype=float)
    if weights.shape != (len(criteria),) or not np.isfinite(weights).all():
        raise InputError("one finite weight per criterion is required (found NaN or a gap)",
                         column="weights")
    if (weights < 0).any() or weights.sum() <= 0:
        raise InputError("weights must be non-negative and not all zero", column="weights")
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) \
            or not 1 <= samples <= MAX_SAMPLES:
        raise InputError(f"samples must be a whole number from 1 to {MAX_SAMPLES:,}, "
                         f"not {samples}", column="samples")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"seed must be a whole number of 0 or more, not {seed}", column="seed")
    if not (isinstance(concentration, (int, float)) and np.isfinite(concentration)
            and concentration > 0):
        raise InputError(f"concentration must be a positive number, not {concentration}",
                         column="concentration")
    return weights / weights.sum()
