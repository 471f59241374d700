"""Mosaic: casework for stalking and harassment. The Django project lives in this package."""
