package dev.duet.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Every {@link MatchingScenarios} scenario against the domain {@link Matchmaker} with {@link
 * Avoidances}, as a single instance runs them, and the cost of matching counted by the matchmaker
 * itself.
 */
class MatchmakerTest extends MatchingScenarios {

  @Override
  protected Matching matching() {
    return new Domain();
  }

  /** The matchmaker driven as the in-memory queue drives it: ticks expire, then retry. */
  private static final class Domain implements Matching {
    private final Matchmaker matchmaker = new Matchmaker(FALLBACK);
    private final Avoidances avoidances = new Avoidances();

    private BiPredicate<String, String> avoiding(Instant now) {
      return (a, b) -> avoidances.avoids(a, b, now);
    }

    private static Pair pair(Matchmaker.Pairing pairing) {
      return new Pair(
          pairing.earlier().userId(), pairing.later().userId(), pairing.commonInterests());
    }

    @Override
    public Requested request(String user, Set<String> interests, Instant now) {
      Instant since = matchmaker.waiting(user).map(Matchmaker.Waiter::since).orElse(now);
      Optional<Pair> pair =
          matchmaker.request(user, interests, now, avoiding(now)).map(Domain::pair);
      return new Requested(since, pair);
    }

    @Override
    public void remove(String user) {
      matchmaker.remove(user);
    }

    @Override
    public List<Pair> tick(Instant now) {
      List<Pair> pairs = new ArrayList<>();
      matchmaker.expire(now, avoiding(now)).forEach(p -> pairs.add(pair(p)));
      matchmaker.retry(now, avoiding(now), 1_000).forEach(p -> pairs.add(pair(p)));
      return pairs;
    }

    @Override
    public void avoid(String a, String b, Instant until) {
      avoidances.avoid(a, b, until);
    }

    @Override
    public int size() {
      return matchmaker.size();
    }

    @Override
    public OptionalLong examined() {
      return OptionalLong.of(matchmaker.examined());
    }
  }
}
