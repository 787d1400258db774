// Placeholder until the recommender lands.
