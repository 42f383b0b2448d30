"""The change and its review: the diff model, the change sources (git, a plain diff), the
review config, findings, suppressions, the changed-lines filter and the pipeline that
ties them together. Pure where it can be: only `review.git` touches gitpython."""
