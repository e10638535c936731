package dev.duet.application.port;

import dev.duet.domain.Report;
import java.util.List;

/** Port: the reports users made of their partners, as recorded, for moderators to read. */
public interface ReportHistory {

  /** The {@code limit} most recent reports that have been recorded, newest first. */
  List<Report> latest(int limit);
}
