"""Running cases: the steps, the case store and its lifecycle, freshness, monitoring, retention."""
