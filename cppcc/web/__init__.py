"""The only part of the package that imports Streamlit: cached store access and page widgets."""
