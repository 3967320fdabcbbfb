"""The global network: community sizes and copying another community's formats."""
