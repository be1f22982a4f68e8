"""Scale-out proof and benchmark of the registration site (see bench/README.md)."""
