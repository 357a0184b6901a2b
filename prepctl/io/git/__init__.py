"""git: the only package that runs it.

Every git command prepctl starts is built by :mod:`~prepctl.io.git.run` and started through
:mod:`~prepctl.io.git.repo` (the repository as git finds it, and git's errors in its own words).
:mod:`~prepctl.io.git.objects` reads objects with one ``git cat-file --batch``;
:mod:`~prepctl.io.git.snapshot` reads a framework version from a commit,
:mod:`~prepctl.io.git.history` a range of them with one ``git log``, and
:mod:`~prepctl.io.git.head` compares a working tree with HEAD without the object reader.
:mod:`~prepctl.io.git.tags` lists tags and creates the one a release asks for, the only write.
:mod:`~prepctl.io.git.signatures` checks a release tag's signature (``git verify-tag``).
Which files make a framework is given by the caller (:mod:`~prepctl.io.git.layout`).

prepctl runs plain ``git`` processes rather than a library: git reads refs, GIT_DIR and the
rest of its environment exactly as it does for the user, and one persistent
``git cat-file --batch`` serves every object a history walk needs.
"""
