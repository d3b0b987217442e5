"""Search lab views: scatter, small multiples, parallel coordinates, history, importance."""
