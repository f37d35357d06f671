"""Exploration charts for slider questions, one module per lesson."""
