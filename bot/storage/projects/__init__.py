"""Storage of projects, their members and updates, interests and the network's figures."""
