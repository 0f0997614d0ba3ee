package org.sparknas.strategy;

import org.sparknas.config.SettingGroup;

/**
 * Hyperband (Li et al., 2018): successive-halving brackets that start at different rungs, in turn
 * from the lowest (many candidates, aggressive early stopping) to the full one (few candidates, no
 * early stopping), so a low fidelity that ranks badly costs only part of the budget. With R low
 * rungs, a bracket starting at rung s gets {@code ceil(candidates * (R + 1) / ((R + 1 - s) * eta^s))}
 * new candidates: Hyperband's bracket sizes, scaled so the first bracket has {@code candidates}.
 * See {@link FidelitySchedule} for promotion, the base strategy and how brackets share a batch.
 */
final class Hyperband extends FidelitySchedule {

    public static final String NAME = "hyperband";

    static final SettingGroup SETTINGS = StrategySettings.group(NAME,
            "brackets of successive halving starting at each rung in turn; multi-fidelity", BASE, RUNGS, ETA, CANDIDATES);

    Hyperband(StrategyContext context) {
        super(NAME, context);
    }

    @Override
    int startRung(int bracket) {
        return bracket % (fullRung() + 1);
    }

    @Override
    int bracketSize(int rung) {
        int r = fullRung();
        double size = settings().candidates() * (double) (r + 1) / ((r + 1 - rung) * Math.pow(settings().eta(), rung));
        return (int) Math.max(1, Math.ceil(size - 1e-9));
    }
}
