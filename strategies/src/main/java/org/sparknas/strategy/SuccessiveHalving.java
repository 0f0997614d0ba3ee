package org.sparknas.strategy;

import org.sparknas.config.SettingGroup;

/**
 * Successive halving (Jamieson and Talwalkar; Li et al.'s synchronous form), bracket after bracket:
 * each bracket measures {@code candidates} new candidates, drawn by the {@code base} strategy, at
 * the lowest rung, promotes the best 1 in {@code eta} to the next rung, and so on to the full
 * fidelity. The cheap rungs sort out the candidates not worth a full measurement; only those
 * measured at the full fidelity count for the run's Pareto front. See {@link FidelitySchedule}
 * for promotion, the base strategy and how brackets share a batch.
 */
final class SuccessiveHalving extends FidelitySchedule {

    public static final String NAME = "successive-halving";

    static final SettingGroup SETTINGS = StrategySettings.group(NAME,
            "successive halving over fidelity rungs; multi-fidelity", BASE, RUNGS, ETA, CANDIDATES);

    SuccessiveHalving(StrategyContext context) {
        super(NAME, context);
    }

    @Override
    int startRung(int bracket) {
        return 0;
    }

    @Override
    int bracketSize(int rung) {
        return settings().candidates();
    }
}
