package dev.duet.domain;

/** Who is polite and who is impolite in a pair that has just formed. */
public record RoleAssignment(String polite, String impolite) {}
