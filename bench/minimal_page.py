"""Baseline for the explorer rerun benchmark: the smallest page with one slider."""

import streamlit as st

value = st.slider("value", 0.0, 103.0, 30.0, step=0.1, key="w_scorad")
st.write(value)
