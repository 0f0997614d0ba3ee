package org.sparknas.report;

/**
 * The hypervolume of a run's trials up to the end of one generation.
 *
 * @param generation  0-based, as in the tables
 * @param evaluations the run's trials up to and including this generation (reused ones included:
 *                    they are proposals the strategy spent its budget on)
 * @param hypervolume normalised hypervolume of the feasible trials so far; NaN while none is feasible
 */
record HypervolumePoint(int generation, long evaluations, double hypervolume) {
}
