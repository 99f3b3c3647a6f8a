package dev.kairos.core.bandit;

import java.util.List;

/**
 * The result of one selection: the chosen candidates in rank order, and the scores of all
 * candidates (in input order) for explanation and logging.
 *
 * @param chosen at most k candidates, best first
 * @param scored every candidate, in the order given
 */
public record Slate(List<ArmScore> chosen, List<ArmScore> scored) {

	public Slate {
		chosen = List.copyOf(chosen);
		scored = List.copyOf(scored);
	}

}
