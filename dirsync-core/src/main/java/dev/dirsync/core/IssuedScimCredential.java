package dev.dirsync.core;

import dev.dirsync.core.state.ScimCredential;

/** A newly issued SCIM credential and its token, which is shown this once and never stored. */
public record IssuedScimCredential(ScimCredential credential, String token) {
    @Override
    public String toString() {
        return "IssuedScimCredential[" + credential.id() + ", token=****" + credential.suffix() + "]";
    }
}
